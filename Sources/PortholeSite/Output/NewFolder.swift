import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A new folder made whole or not at all (`porthole init`): every file is
/// written (through `AtomicFile`) into a staging folder beside the target,
/// `.<name>.init-<pid>`, which is then renamed to the target in one step. A
/// run that fails or is killed before the rename leaves no target (at most
/// the staging folder, named as such); rename(2) takes the target's name
/// only when it is missing or an empty folder, so nothing is ever mixed
/// into a folder that has files.
public enum NewFolder {
    public struct File: Sendable {
        /// Relative to the new folder.
        public let path: String
        public let bytes: [UInt8]
        public let mode: mode_t

        public init(path: String, bytes: [UInt8], mode: mode_t = 0o644) {
            self.path = path
            self.bytes = bytes
            self.mode = mode
        }
    }

    public enum Failure: Error, Equatable {
        /// The target exists and is not an empty folder.
        case notEmpty
        /// The system's reason, with the path it concerns.
        case failed(String)
    }

    /// Whether `path` can become the new folder: missing, or an empty folder.
    public static func problem(_ path: String) -> Failure? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return errno == ENOENT ? nil : .failed("\(path): \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFDIR else { return .notEmpty }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? ["?"]
        return names.isEmpty ? nil : .notEmpty
    }

    public static func create(at path: String, files: [File]) -> Result<Void, Failure> {
        if let problem = problem(path) { return .failure(problem) }
        let parent = (path as NSString).deletingLastPathComponent
        let staging = parent + "/." + (path as NSString).lastPathComponent + ".init-" + String(getpid())
        try? FileManager.default.removeItem(atPath: staging)
        func fail(_ reason: String) -> Result<Void, Failure> {
            try? FileManager.default.removeItem(atPath: staging)
            return .failure(.failed(reason))
        }
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            return fail("cannot create \(staging): \(error.localizedDescription)")
        }
        for file in files {
            let target = staging + "/" + file.path
            do {
                try FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            } catch {
                return fail("cannot create the folder of \(file.path): \(error.localizedDescription)")
            }
            if case .failure(let failure) = AtomicFile.write(file.bytes, to: target, mode: file.mode, replacing: false) {
                return fail("cannot write \(file.path): \(failure)")
            }
        }
        guard rename(staging, path) == 0 else {
            let code = errno
            let reason = String(cString: strerror(code))
            try? FileManager.default.removeItem(atPath: staging)
            return .failure(code == ENOTEMPTY || code == EEXIST || code == ENOTDIR ? .notEmpty : .failed("\(path): \(reason)"))
        }
        return .success(())
    }
}
