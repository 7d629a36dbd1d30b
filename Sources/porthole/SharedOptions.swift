import ArgumentParser
import Foundation
import PortholeCore
import PortholeSite

/// Options every subcommand that reads content shares.
struct ContentOptions: ParsableArguments {
    @Option(help: "The content folder (portal.yaml, playbooks/, clients/).")
    var content: String = "content"

    @Option(
        help:
            "The themes folder. Default: themes/ beside the content folder, or the built-in default theme when it has no default/."
    )
    var themes: String?

    @Option(
        help:
            "Today's date as YYYY-MM-DD, for staleness and milestone states. Default: SOURCE_DATE_EPOCH or the clock, in the portal's time zone."
    )
    var today: String?

    @Option(
        help:
            "A YAML file (outside content/) mapping client slugs to the passwords of password portals. PORTHOLE_PASSWORD_<CLIENT> overrides it."
    )
    var passwords: String?

    func validate() throws {
        if let today, CalendarDate(iso: today).map({ CalendarDate.contentYears.contains($0.year) }) != true {
            throw ValidationError("--today must be a date that exists, as YYYY-MM-DD between 1970 and 2999 (got '\(today)')")
        }
    }

    func buildOptions(output: String, checkOnly: Bool) -> BuildOptions {
        let cwd = FileManager.default.currentDirectoryPath
        let contentRoot = Paths.absolute(content, cwd: cwd)
        let projectRoot = Paths.parent(contentRoot)
        let themesRoot = themes.map { Paths.absolute($0, cwd: cwd) } ?? projectRoot + "/themes"
        var options = BuildOptions(
            contentRoot: contentRoot, contentDisplay: Paths.display(contentRoot, cwd: cwd),
            themesRoot: themesRoot, themesDisplay: Paths.display(themesRoot, cwd: cwd),
            output: Paths.absolute(output, cwd: cwd), projectRoot: projectRoot,
            today: today.flatMap(CalendarDate.init(iso:)),
            environment: ProcessInfo.processInfo.environment, checkOnly: checkOnly)
        options.allowsBuiltInTheme = themes == nil
        if let passwords {
            options.passwordsFile = Paths.absolute(passwords, cwd: cwd)
            options.passwordsDisplay = Paths.display(options.passwordsFile!, cwd: cwd)
        }
        return options
    }
}

/// `--base-url`: publish under another address than `site.base_url` (a
/// preview deployment), checked by the same rule as `portal.yaml`'s.
struct BaseURLOption: ParsableArguments {
    @Option(
        name: .customLong("base-url"),
        help: "The site's address instead of site.base_url in portal.yaml, for a preview deployment (links, feeds, calendars)."
    )
    var url: String?

    func validate() throws {
        if let url, !Portal.Site.isWebURL(url) {
            throw ValidationError("--base-url must be an absolute https:// or http:// URL (got '\(url)')")
        }
    }

    func apply(to options: inout BuildOptions) {
        options.baseURL = url.map(Portal.Site.normalizedBaseURL)
    }
}

enum Paths {
    /// An absolute, normalised path (no `.`, `..` or doubled slashes).
    static func absolute(_ path: String, cwd: String) -> String {
        let joined = path.hasPrefix("/") ? path : cwd + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." || part.isEmpty { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// Relative to the working folder when below it, else absolute.
    static func display(_ path: String, cwd: String) -> String {
        let base = absolute(cwd, cwd: "/")
        if path == base { return "." }
        if base == "/" { return String(path.dropFirst()) }
        if path.hasPrefix(base + "/") { return String(path.dropFirst(base.count + 1)) }
        return path
    }
}
