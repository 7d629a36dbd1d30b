import PortholeCore

/// Step 2: the theme, parsed, checked and compiled once (`Theme.load`).
struct LoadTheme: BuildStep {
    let name = "theme"

    func run(_ build: inout BuildState) async -> StepResult {
        let name = build.shared.portal.site.theme
        // PORTHOLE_TEMPLATES=swift-mustache renders with swift-mustache
        // instead of the compiled templates: the same bytes, more slowly; a
        // way to rule the compiled templates in or out of a rendering bug.
        let options = build.options
        guard
            let resolved = ThemeSource.resolve(
                name: name, themesRoot: options.themesRoot, displayRoot: options.themesDisplay,
                allowBuiltIn: options.allowsBuiltInTheme)
        else {
            build.report.diagnostics.error("missing-theme", missingTheme(name, options), at: nil)
            return .finished
        }
        // Templates the last successful build checked with this binary are
        // not checked again (the manifest has been read since LoadShared,
        // beside the client folders' metadata).
        let checked = await build.published()?.checkedTemplates
        let (theme, log) = Theme.load(
            name: name, source: resolved.source, display: resolved.display,
            compiling: options.environment["PORTHOLE_TEMPLATES"] != "swift-mustache",
            checked: { !(checked ?? "").isEmpty && InputFingerprint.checkedTemplates($0) == checked })
        build.report.diagnostics.merge(log)
        guard let theme else { return .finished }
        guard let stylesheet = theme.assetPath("style.css") else {
            build.report.diagnostics.error("theme", "theme '\(name)' has no assets/style.css", at: nil)
            return .finished
        }
        build.theme = theme
        // The portal's language; a client's own is checked with the client.
        let portal = build.shared.portal
        build.report.diagnostics.merge(theme.languageWarnings(for: portal.site.locale, given: portal.site.localeLocation))
        build.stylesheet = stylesheet
        build.dateFormats = DateText.Formats(localeIdentifier: build.shared.portal.site.locale)
        return .next
    }

    /// Why no theme was found, and what would give one.
    private func missingTheme(_ name: String, _ options: BuildOptions) -> String {
        let folder = options.themesDisplay + "/" + name
        if ContentDisk.exists(options.themesRoot + "/" + name) {
            return "theme '\(name)' not found: \(folder) is not a folder"
        }
        if name == BuiltInTheme.name {
            return "theme '\(name)' not found: no folder \(folder) (without --themes, the built-in default theme is used)"
        }
        return "theme '\(name)' not found: no folder \(folder) (only '\(BuiltInTheme.name)' is built in)"
    }
}
