import PortholeCore

/// Step 2: the theme, parsed, checked and compiled once (`Theme.load`).
struct LoadTheme: BuildStep {
    let name = "theme"

    func run(_ build: inout BuildState) async -> StepResult {
        let name = build.shared.portal.site.theme
        // PORTHOLE_TEMPLATES=swift-mustache renders with swift-mustache
        // instead of the compiled templates: the same bytes, more slowly; a
        // way to rule the compiled templates in or out of a rendering bug.
        let (theme, log) = Theme.load(
            name: name, themesRoot: build.options.themesRoot, displayRoot: build.options.themesDisplay,
            compiling: build.options.environment["PORTHOLE_TEMPLATES"] != "swift-mustache")
        build.report.diagnostics.merge(log)
        guard let theme else { return .finished }
        guard let stylesheet = theme.assetPath("style.css") else {
            build.report.diagnostics.error("theme", "theme '\(name)' has no assets/style.css", at: nil)
            return .finished
        }
        build.theme = theme
        build.stylesheet = stylesheet
        build.dateFormats = DateText.Formats(localeIdentifier: build.shared.portal.site.locale)
        return .next
    }
}
