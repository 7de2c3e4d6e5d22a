@testable import OpenFlow
import Testing

@Suite struct PortBitmapTests {
    /// Every port, at the edges of its 64-bit word and of the table: in exactly when inserted.
    @Test func holdsExactlyThePortsInserted() {
        let inserted: Set<UInt16> = [0, 1, 63, 64, 65, 127, 6633, 6653, 32768, 65472, 65534, 65535]
        let bitmap = PortBitmap(inserted)
        for port in UInt16.min...UInt16.max {
            #expect(bitmap.contains(port) == inserted.contains(port), "port \(port)")
        }
        #expect(!PortBitmap().contains(0) && !PortBitmap().contains(65535))
    }
}
