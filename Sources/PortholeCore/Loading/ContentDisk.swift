#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading the content folder with plain POSIX calls: fast for tens of
/// thousands of small files, and explicit about symlinks, which are refused
/// so that no content path can lead outside `content/` (site.md property 4).
public enum ContentDisk {
    public enum EntryKind: Sendable { case file, directory, symlink, other, invalidName }

    public struct Entry: Sendable {
        public let name: String
        public let kind: EntryKind
    }

    public enum ReadError: Error, Sendable {
        case cannotOpen(String)
        case invalidUTF8(line: Int, column: Int)
    }

    /// Entries of a folder sorted by name, without `.`/`_` prefixed ones
    /// (drafts and editor files, content.md). Nil when it cannot be opened.
    /// `sorted: false` leaves them in the directory's order, for a walk
    /// whose result does not depend on it (cleaning a tree).
    public static func list(_ path: String, includeHidden: Bool = false, sorted: Bool = true) -> [Entry]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var entries: [Entry] = []
        while let pointer = readdir(dir) {
            let decoded: String? = withUnsafePointer(to: pointer.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(validatingCString: $0) }
            }
            guard let name = decoded else {
                // Not UTF-8: reported by the loaders, never silently skipped.
                entries.append(Entry(name: "\u{FFFD}", kind: .invalidName))
                continue
            }
            if name == "." || name == ".." { continue }
            if !includeHidden && (name.hasPrefix(".") || name.hasPrefix("_")) { continue }
            // The entry's type from readdir saves an lstat per name (tens of
            // thousands per build); file systems that do not fill it in say
            // DT_UNKNOWN, and then lstat decides.
            let kind: EntryKind =
                switch pointer.pointee.d_type {
                case UInt8(DT_REG): .file
                case UInt8(DT_DIR): .directory
                case UInt8(DT_LNK): .symlink
                case UInt8(DT_UNKNOWN): ContentDisk.kind(of: path + "/" + name)
                default: .other
                }
            entries.append(Entry(name: name, kind: kind))
        }
        return sorted ? entries.sorted { $0.name < $1.name } : entries
    }

    public static func kind(of path: String) -> EntryKind {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    public static func readBytes(_ path: String) -> [UInt8]? {
        readBytes(path, in: AT_FDCWD)
    }

    /// A file of an open folder (`folder`, a descriptor), by its name or a
    /// path below the folder: the kernel then walks that much of the path,
    /// not the folder's own path again for every file in it.
    public static func readBytes(_ name: String, in folder: Int32) -> [UInt8]? {
        let fd = openat(folder, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        // Read straight into the array, sized from fstat with a byte to
        // spare. Reads stop once they hold the size fstat gave (the usual
        // file takes one read): the file as it was then, as a file that
        // changes a moment later would be. One that has grown before that
        // fills the spare byte and is read on to its end.
        let size = Int(info.st_size)
        var capacity = size + 1
        var bytes: [UInt8] = []
        var finished = false
        var failed = false
        while !finished && !failed {
            let kept = bytes
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                count = kept.count
                if count > 0 { _ = UnsafeMutableBufferPointer(rebasing: buffer[..<count]).initialize(from: kept) }
                while count < capacity {
                    let got = read(fd, buffer.baseAddress! + count, capacity - count)
                    if got < 0 {
                        if errno == EINTR { continue }
                        failed = true
                        return
                    }
                    if got == 0 {
                        finished = true
                        return
                    }
                    count += got
                    if count == size && capacity == size + 1 {
                        finished = true
                        return
                    }
                }
            }
            capacity *= 2
        }
        return failed ? nil : bytes
    }

    /// The file as UTF-8 text (a leading BOM dropped, CRLF kept as is).
    public static func readText(_ path: String) -> Result<String, ReadError> {
        guard let bytes = readBytes(path) else { return .failure(.cannotOpen(path)) }
        return text(bytes)
    }

    /// Bytes read earlier, decoded as `readText` decodes a file.
    public static func text(_ bytes: [UInt8]) -> Result<String, ReadError> {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) {
            return .success(text)
        }
        return .failure(firstInvalidUTF8(bytes))
    }

    /// Line and column of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> ReadError {
        var line = 1
        var column = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return .invalidUTF8(line: line, column: column)
            }
            let end = index + length
            guard end <= bytes.count,
                String(validating: bytes[index..<end], as: UTF8.self) != nil
            else { return .invalidUTF8(line: line, column: column) }
            if byte == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            index = end
        }
        return .invalidUTF8(line: line, column: column)
    }
}
