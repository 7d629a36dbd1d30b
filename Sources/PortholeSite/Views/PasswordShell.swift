import PortholeCore

/// The published form of a password portal's page: agency branding, a
/// password field and the encrypted page, which `unlock.js` opens.
struct PasswordShell: Sendable {
    let portal: Portal
    /// The theme in the client's language (`localized(to:)`, which also
    /// gives `dir`).
    let theme: Theme
    /// The client's locale, for `lang`.
    let locale: String
    let stylesheet: String

    /// `html` sealed for `path` (below the site root), in its shell.
    func page(_ html: [UInt8], path: String, sealer: PageSealer) throws -> [UInt8] {
        let sealed = try sealer.seal(html, path: path)
        // The path's folders, counted on its bytes (splitting the String
        // would find its characters first).
        let toRoot = String(repeating: "../", count: path.utf8.split(separator: UInt8(ascii: "/")).count - 1)
        // Only base64, digits and slug characters: safe inside a script element.
        let payload =
            "{\"v\":1,\"salt\":\"\(Base64.encode(sealer.salt))\",\"iterations\":\(PageSealer.iterations),\"path\":\"\(path)\",\"data\":\"\(Base64.encode(sealed))\"}"
        let context: PageContext = [
            "lang": locale,
            "dir": theme.direction,
            "title": theme.strings.format(.lockedTitle, ["agency": portal.agency.name]),
            "root": toRoot,
            "stylesheet": toRoot + stylesheet,
            "script": toRoot + (theme.assetPath("unlock.js") ?? ""),
            "csp": PagePolicy.locked,
            "agency": AgencyContext.of(portal),
            "sealed": payload,
        ]
        return theme.renderBytes("locked", context)
    }
}
