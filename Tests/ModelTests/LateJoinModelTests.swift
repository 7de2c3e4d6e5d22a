import Capture
import Model
import Testing
import Wire

/// A capture that began after the controller had started: which servers are live and where the
/// rotation stands are unknown until the capture shows each server's state.
@Suite struct LateJoinModelTests {
    /// Joined 1 s before a probe cycle: the first connection comes before any reply.
    func lateLab() -> LabScenario {
        var lab = LabScenario()
        lab.nextProbe = 1.0
        lab.model.joinedLate(at: at(0))
        return lab
    }

    @Test func aDecisionBeforeAnyServerShowsIsOpenAndFollowed() {
        var lab = lateLab()
        #expect(lab.model.unresolvedServers == [ip(1), ip(2)])
        let x = lab.connect(client: 3, port: 1, at: 0.5)
        #expect(x.kind == .forward)   // not "no live server": the controller's list is unknown
        #expect(x.decision?.server == nil && x.decision?.validChoices == [ip(1), ip(2)])
        // The controller sent it to 10.0.0.2: live, where is not known yet; the rotation goes on after it.
        let learned = lab.model.learnServer(ip(2), at: at(0.501), evidence: 1)
        #expect(learned)
        let committed = lab.model.adoptActualChoice(ip(2), for: x)
        #expect(committed?.anyLocation == true)
        #expect(committed.map { compareActions(expected: $0.actions, actual: [.setDlDst(mac(2)), .setNwDst(ip(2)), .output(port: 2, maxLen: 0)],
                                               anyLocation: $0.anyLocation) } == [])
        #expect(committed.map { compareActions(expected: $0.actions, actual: [.setNwDst(ip(2)), .output(port: 2, maxLen: 0)],
                                               anyLocation: $0.anyLocation).map(\.description) } == ["no SET_DL_DST"])
        // Live, but unresolved still: a probe sent before the capture may take it down.
        #expect(lab.model.liveServerIPs == [ip(2)] && lab.model.unresolvedServers == [ip(1), ip(2)])
        // 10.0.0.1 answers its probe at 1.0; 10.0.0.2 not yet probed: still followed, not judged.
        let y = lab.connect(client: 4, port: 1, at: 1.5)
        #expect(lab.model.unresolvedServers == [ip(2)])
        #expect(y.decision?.server == nil)
        _ = lab.model.adoptActualChoice(ip(1), for: y)
        #expect(y.candidateFlowMods[ip(1)]?.anyLocation == false)   // 10.0.0.1's reply showed where it is
        // 10.0.0.2's reply at 3.5 shows it, and where it is: from then on decisions and installs are judged in full.
        let z = lab.connect(client: 5, port: 1, at: 4.0)
        #expect(lab.model.unresolvedServers.isEmpty)
        #expect(z.decision?.server == ip(2) && z.flowMod?.anyLocation == false)   // after 10.0.0.1, the one chosen last
        #expect(z.flowMod?.actions == [.setDlDst(mac(2)), .setNwDst(ip(2)), .output(port: 2, maxLen: 0xffff)])
        #expect(lab.model.livenessLog.filter { $0.server == ip(2) }.isEmpty)   // live all along: no transition
    }

    /// Two servers live in an order the capture never saw: once one goes down, where the lab's
    /// index stands (past the list or not) depends on that order, so the rotation is unknown again.
    @Test func aServerGoingDownInAnUnknownOrderReopensTheRotation() {
        var lab = lateLab()
        lab.runProbes(until: 3.5)                  // both answer: both resolved, in the capture's order
        let x = lab.connect(client: 3, port: 1, at: 4.0)
        _ = lab.model.adoptActualChoice(ip(2), for: x)
        #expect(!lab.model.rotationUnknown && lab.model.listOrderUnknown)
        #expect(lab.connect(client: 4, port: 1, at: 4.5).decision?.server == ip(1))   // two servers: judged
        lab.silent = [ip(1)]
        lab.runProbes(until: 11.0)                 // 10.0.0.1 misses its probe at 6.0 and goes down
        #expect(lab.model.liveServerIPs == [ip(2)])
        #expect(lab.model.rotationUnknown && !lab.model.listOrderUnknown)
        #expect(lab.connect(client: 5, port: 1, at: 11.5).decision?.server == nil)
    }

    @Test func aReplyWhoseProbeWasBeforeTheCaptureCounts() {
        var lab = lateLab()
        // No probe in the capture yet; 10.0.0.1's reply at 0.2 s answers one sent before it began.
        let early = lab.model.arpReply(from: ip(1), mac: mac(1), port: 1, at: at(0.2), evidence: 1)
        #expect(early != .unsolicited)
        #expect(lab.model.liveServerIPs == [ip(1)] && lab.model.unresolvedServers == [ip(2)])
        // Past a probe timeout from the start, a reply without a probe is unsolicited again.
        let late = lab.model.arpReply(from: ip(2), mac: mac(2), port: 2, at: at(3.5), evidence: 2)
        #expect(late == .unsolicited)
    }

    @Test func aServerMissingItsProbeShowsAsDownAndIsNotExpected() {
        var lab = lateLab()
        lab.silent = [ip(2)]
        lab.runProbes(until: 3.5)      // 10.0.0.1 answers at 1.0; 10.0.0.2 probed at 3.5, no reply
        #expect(lab.model.unresolvedServers == [ip(2)])
        lab.runProbes(until: 6.0)      // 10.0.0.1 probed; 10.0.0.2's reply is not due until 6.5
        #expect(lab.model.unresolvedServers == [ip(2)])
        lab.runProbes(until: 8.5)      // the probe after its deadline runs the expiry: known down
        #expect(lab.model.unresolvedServers.isEmpty && lab.model.liveServerIPs == [ip(1)])
        // Every server's state is known, the rotation's place not: the controller is followed once more.
        let x = lab.connect(client: 3, port: 1, at: 9.0)
        #expect(x.decision?.server == nil && x.decision?.validChoices == [ip(1)])
        _ = lab.model.adoptActualChoice(ip(1), for: x)
        #expect(!lab.model.rotationUnknown)
        let y = lab.connect(client: 4, port: 1, at: 9.5)
        #expect(y.decision?.server == ip(1))
    }

    @Test func aCaptureFromTheStartKnowsEverything() {
        var lab = LabScenario()
        lab.runProbes(until: 0)
        lab.model.joinedLate(at: at(0.1))   // too late to say: something has happened
        #expect(lab.model.unresolvedServers.isEmpty && lab.model.joinedLateAt == nil)
    }
}
