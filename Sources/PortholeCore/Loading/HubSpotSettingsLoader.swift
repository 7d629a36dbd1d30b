extension ContentLoader {
    /// `portal.yaml`'s `hubspot:` (docs/hubspot.md, "Which playbook a deal
    /// gets"): rules choosing a pulled deal's playbook.
    func loadHubSpotSettings(_ node: YAMLNode?, _ reader: YAMLReader) -> HubSpotSettings {
        var settings = HubSpotSettings()
        guard let h = reader.mapping(node, keys: ["playbooks", "default_playbook"], what: "hubspot") else { return settings }
        for item in h.list("playbooks") {
            guard let r = reader.mapping(item, keys: ["pipeline", "type", "playbook"], what: "hubspot playbook rule") else { continue }
            guard let playbook = r.line("playbook", required: true) else { continue }
            settings.playbookRules.append(
                .init(
                    pipelines: r.stringList("pipeline"), types: r.stringList("type"), playbook: playbook,
                    playbookLocation: r.valueLocation("playbook")))
        }
        if let fallback = h.line("default_playbook") {
            settings.defaultPlaybook = fallback
            settings.defaultPlaybookLocation = h.valueLocation("default_playbook")
        }
        return settings
    }

    /// Every playbook the rules name must exist: a typo would otherwise
    /// surface only when a deal is pulled, as a project that fails to load.
    func checkHubSpotPlaybooks(_ settings: HubSpotSettings, known: [String: Playbook], _ log: inout DiagnosticLog) {
        var named = settings.playbookRules.map { ($0.playbook, $0.playbookLocation) }
        if let fallback = settings.defaultPlaybook, let location = settings.defaultPlaybookLocation {
            named.append((fallback, location))
        }
        let slugs = known.keys.sorted()
        for (playbook, location) in named where known[playbook] == nil {
            log.error(
                "unknown-reference",
                "playbook '\(playbook)' does not exist in playbooks/\(Suggestion.hint(for: playbook, in: slugs))",
                at: location)
        }
    }
}
