#if canImport(Glibc)
import Glibc
#endif

/// How this process asks the C allocator to handle large blocks.
enum MemoryPolicy {
    /// Blocks of 256 KiB and more (the replay's hash tables and queues as they grow) are mapped
    /// on their own and go back to the system when freed. glibc's default raises that threshold to
    /// the size of each such block freed, after which a table's next, larger storage comes from the
    /// heap beside the old one's hole: on a 10^7-packet capture `check`'s peak memory grew by about
    /// 6% more than the state it holds.
    static func apply() {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which the Glibc module does not export: looked up by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>
        guard let symbol = dlsym(nil, "mallopt") else { return }  // nil handle: RTLD_DEFAULT
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, 256 * 1024)
        #endif
    }
}
