#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How Porthole puts a single file in place outside the site's tree (the
/// manifests, the link secret, the files `porthole new` makes): written whole
/// under a temporary name beside it, then renamed over it, or linked to its
/// name when it must not exist yet, so no reader ever sees half a file and a
/// crash leaves at most a temporary file. The site and the portfolio are
/// written the same way, a whole tree at a time (`OutputFolder.swapIn`).
public enum AtomicFile {
    public enum Failure: Error, Equatable {
        /// `replacing: false` and the file exists.
        case exists
        /// The system's reason.
        case failed(String)
    }

    /// Writes `bytes` to `path`, replacing what is there unless `replacing`
    /// is false, with the permissions `mode`.
    @discardableResult
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644, replacing: Bool = true) -> Result<Void, Failure> {
        let temporary = path + ".tmp-" + String(getpid())
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { return .failure(.failed(reason())) }
        let written = FileTree.writeAll(fd, bytes)
        let closed = close(fd) == 0
        guard written && closed else {
            let why = reason()
            unlink(temporary)
            return .failure(.failed(why))
        }
        defer { unlink(temporary) }
        if replacing {
            return rename(temporary, path) == 0 ? .success(()) : .failure(.failed(reason()))
        }
        // link(2) never replaces: the name is taken whole, or not at all.
        guard link(temporary, path) == 0 else { return .failure(errno == EEXIST ? .exists : .failed(reason())) }
        return .success(())
    }

    public static func write(_ text: String, to path: String, mode: mode_t = 0o644, replacing: Bool = true) -> Result<Void, Failure> {
        write(Array(text.utf8), to: path, mode: mode, replacing: replacing)
    }

    private static func reason() -> String { String(cString: strerror(errno)) }
}
