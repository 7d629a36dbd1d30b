import Foundation

/// The client's logo, a file in the client's folder (content.md, `brand.logo`).
/// Logos are published beside every page, so an SVG that could run script
/// when opened directly is refused rather than copied.
public enum LogoFile {
    public static let allowedExtensions = ["svg", "png", "jpg", "jpeg", "webp"]

    public static func mediaType(_ ext: String) -> String {
        switch ext {
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        default: "image/webp"
        }
    }

    /// Why the logo cannot be used, or nil when it can.
    public static func problem(with name: String, in folder: String) -> String? {
        // "." and "_" files are ignored content (drafts): a logo must not be one.
        guard !name.contains("/"), !name.contains("\\"), !name.hasPrefix("."), !name.hasPrefix("_"), !name.isEmpty else {
            return "'logo' must be a file name in the client's folder, not a path: '\(name)'"
        }
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        guard name.contains("."), allowedExtensions.contains(ext) else {
            return "'logo' must be an \(allowedExtensions.joined(separator: ", ")) file, got '\(name)'"
        }
        let path = folder + "/" + name
        switch ContentDisk.kind(of: path) {
        case .file: break
        case .symlink: return "'logo' \(name) is a symbolic link; links are not allowed in content"
        default: return "'logo' file \(name) does not exist in the client's folder"
        }
        if ext == "svg" {
            guard let bytes = ContentDisk.readBytes(path), let text = String(validating: bytes, as: UTF8.self) else {
                return "'logo' \(name) is not a UTF-8 SVG file"
            }
            let lower = text.lowercased()
            let active = [
                "<script", "javascript:", "<foreignobject", "<iframe", "<embed", "<object", " on", "\ton", "\non", "\ron", "<!entity", "&#",
            ]
            for marker in active where lower.contains(marker) {
                if marker.hasSuffix("on") {
                    // Event-handler attributes such as onload=.
                    if lower.range(of: marker + "[a-z]+\\s*=", options: .regularExpression) != nil {
                        return "'logo' \(name) has an event-handler attribute; logos must be plain drawings"
                    }
                    continue
                }
                return "'logo' \(name) contains '\(marker)'; logos must be plain drawings without script or embedded content"
            }
        }
        return nil
    }
}
