import PortholeCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Which start of the machine this process runs in. Files written without
/// a flush (`--no-flush`, a preview) are safe to trust while the machine has
/// not restarted: until then the kernel holds them, and writes them out in
/// its own time. After a restart, a power loss may have cut them short.
enum MachineBoot {
    /// Linux's boot ID, or the boot time elsewhere; nil when neither can be
    /// read, and then no file written without a flush is trusted later.
    static let id: String? = read()

    /// What a manifest records for files written without a flush now.
    static var current: String { id ?? "unknown" }

    private static func read() -> String? {
        #if os(Linux)
            guard let bytes = ContentDisk.readBytes("/proc/sys/kernel/random/boot_id") else { return nil }
            let text = String(decoding: bytes, as: UTF8.self).filter { !$0.isWhitespace }
            return text.isEmpty ? nil : text
        #elseif canImport(Darwin)
            var time = timeval()
            var size = MemoryLayout<timeval>.size
            guard sysctlbyname("kern.boottime", &time, &size, nil, 0) == 0 else { return nil }
            return "\(time.tv_sec).\(time.tv_usec)"
        #else
            return nil
        #endif
    }
}
