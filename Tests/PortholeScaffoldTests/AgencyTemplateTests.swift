import PortholeCore
import PortholeScaffold
import Testing

/// What `porthole init` fills in, without the disk.
struct AgencyTemplateTests {
    let settings = AgencyTemplate.Settings(
        agencyName: "Acme: \"Digital\"", baseURL: "https://status.acme.example", timezone: "Europe/London", locale: "en-GB",
        today: CalendarDate(iso: "2026-12-31")!)

    func fill(_ path: String, _ text: String) -> (path: String, text: String) {
        let file = AgencyTemplate.fill([(path, Array(text.utf8))], settings)[0]
        return (file.path, String(decoding: file.bytes, as: UTF8.self))
    }

    @Test func test_placeholdersAreFilledAndYAMLValuesQuoted() {
        let filled = fill("content/portal.yaml", "name: {{agency_name_yaml}}\nbase_url: {{base_url_yaml}}\n# {{agency_name}}\n")
        #expect(filled.text == "name: \"Acme: \\\"Digital\\\"\"\nbase_url: \"https://status.acme.example/\"\n# Acme: \"Digital\"\n")
    }

    @Test func test_datesCountFromTodayAcrossAYear() {
        let filled = fill("updates/{{today}}.md", "start: {{today}}\ndue: {{today+21}}\n")
        #expect(filled.path == "updates/2026-12-31.md")
        #expect(filled.text == "start: 2026-12-31\ndue: 2027-01-21\n")
    }

    @Test func test_githubExpressionsAndUnknownNamesAreLeftAlone() {
        let text = "key: porthole-${{ github.run_id }}\nx: {{unknown}} {{today+x}} {{unclosed\n"
        #expect(fill("ci.yml", text).text == text)
    }

    @Test func test_dotNamesBecomeHiddenFiles() {
        #expect(fill("dot-gitignore", "site/\n").path == ".gitignore")
        #expect(fill("a/dot-github/workflows/x.yml", "").path == "a/.github/workflows/x.yml")
        #expect(fill("docs/not-dot-x", "").path == "docs/not-dot-x")
    }

    @Test func test_settingsAreCheckedLikePortalYAML() {
        var bad = settings
        bad.baseURL = "status.acme.example"
        bad.timezone = "Mars/Olympus"
        bad.locale = "en_GB"
        bad.agencyName = " "
        #expect(AgencyTemplate.problems(bad).count == 4)
        #expect(AgencyTemplate.problems(settings).isEmpty)
    }

    @Test func test_theBuiltInTemplateHasEveryFileInit() {
        let paths = Set(AgencyTemplate.files(settings).map(\.path))
        for path in [
            "content/portal.yaml", "content/playbooks/storefront-build.yaml", "content/playbooks/platform-migration.yaml",
            "content/playbooks/cro-retainer.yaml", "content/clients/example-client/client.yaml",
            "content/clients/example-client/website-rebuild/project.yaml",
            "content/clients/example-client/website-rebuild/updates/2026-12-31.md", ".gitignore", ".github/workflows/portals.yml",
            "ci/porthole-ci.sh",
        ] {
            #expect(paths.contains(path), "\(path)")
        }
        #expect(!paths.contains { $0.contains("{{") })
    }
}
