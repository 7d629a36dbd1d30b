import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore

/// Loads a fixture the way the build does, with diagnostics named `content/...`.
func load(_ fixture: ContentFixture, today: String = "2026-11-27") -> (SharedContent?, [Client], DiagnosticLog) {
    let loader = ContentLoader(root: fixture.content.path, displayRoot: "content")
    var (shared, log) = loader.loadShared()
    var clients: [Client] = []
    for slug in shared?.clientSlugs ?? [] {
        let (client, clientLog) = loader.loadClient(slug)
        log.merge(clientLog)
        if let client {
            clients.append(client)
            log.merge(ProjectRules(playbooks: shared!.playbooks, today: CalendarDate(iso: today)!).check(client))
        }
    }
    _ = shared
    shared = shared.map { $0 }
    return (shared, clients, log)
}

/// The diagnostics as the CLI prints them.
func lines(_ log: DiagnosticLog) -> [String] { log.sorted.map(\.description) }

struct LoadingTests {
    @Test func test_minimalFixtureLoadsEveryFieldWithoutDiagnostics() throws {
        let fixture = try ContentFixture()
        let (shared, clients, log) = load(fixture)
        #expect(lines(log) == [])
        let portal = try #require(shared?.portal)
        #expect(portal.agency.name == "Test Agency")
        #expect(portal.agency.url == "https://agency.example")
        #expect(portal.agency.contact == "pmo@agency.example")
        #expect(portal.site.baseURL == "https://status.agency.example/")
        #expect(portal.site.timezone == "Europe/London")
        #expect(portal.site.locale == "en-GB")
        #expect(portal.site.theme == "default")

        let playbook = try #require(shared?.playbooks["storefront"])
        #expect(playbook.name == "Storefront build")
        #expect(playbook.phases == ["Discovery", "Design", "Build", "Launch"])
        #expect(playbook.update.cadenceDays == 7)
        #expect(playbook.update.graceDays == 2)
        #expect(playbook.update.requiredSections == ["Summary", "Progress", "Next"])
        #expect(playbook.update.summaryMaxWords == 20)
        #expect(playbook.milestones.map(\.id) == ["M1"])
        #expect(playbook.milestones[0].gate && playbook.milestones[0].week == 3)

        let client = try #require(clients.first)
        #expect(client.slug == "acme")
        #expect(client.name == "Acme Outdoor Co.")
        #expect(client.access == .public)
        #expect(client.contacts.map(\.name) == ["Jane Doe"])
        #expect(client.contacts[0].role == "Head of Ecommerce")
        #expect(client.contacts[0].email == "jane@acme.example")
        #expect(client.accountManager == "Sam Lee")
        #expect(client.brand.color == "#1f6feb")

        let project = try #require(client.projects.first)
        #expect(project.name == "Storefront rebuild")
        #expect(project.playbook == "storefront")
        #expect(project.pm == "Priya Shah")
        #expect(project.start == CalendarDate(iso: "2026-09-01"))
        #expect(project.target == CalendarDate(iso: "2027-02-15"))
        #expect(project.phase == "Build")
        #expect(project.summary == "Rebuild of the Acme storefront.\n")
        #expect(project.milestones.map(\.id) == ["M1", "M2", "M3", "M4", "M9"])
        let m1 = project.milestones[0]
        #expect(m1.done == CalendarDate(iso: "2026-09-24") && m1.gate && m1.forecast == m1.due)
        #expect(project.milestones[4].isInternal)

        let risk = try #require(project.risks.first)
        #expect(risk.kind == .risk && risk.probability == 3 && risk.impact == 4 && risk.score == 12)
        #expect(risk.owner == "Priya Shah" && risk.status == .open && risk.milestone == "M4")
        #expect(risk.mitigation == "Book the certification slot now.")
        #expect(risk.raised == CalendarDate(iso: "2026-10-02"))
        #expect(project.risks[1].kind == .issue && project.risks[1].isInternal)

        let update = try #require(project.latestUpdate)
        #expect(update.date == CalendarDate(iso: "2026-11-24"))
        #expect(update.status == .amber)
        #expect(update.headline == "Checkout build on track; certification at risk")
        #expect(update.author == "Priya Shah", "author defaults to the project's pm")
        #expect(update.bodyLine == 5)
        #expect(project.currentStatus == .amber)

        let decision = try #require(project.decisions.first)
        #expect(decision.number == 1 && decision.slug == "use-markets" && decision.reference == "D-0001")
        #expect(decision.status == .accepted && decision.deciders == ["Jane Doe", "Priya Shah"])
        #expect(decision.date == CalendarDate(iso: "2026-10-14"))
    }

    @Test func test_updatesAreOrderedAndLatestGivesCurrentRAG() throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/shop/updates/2026-11-10.md", ContentFixture.update.replacingOccurrences(of: "amber", with: "red"))
        try fixture.write("clients/acme/shop/updates/2026-11-26.md", ContentFixture.update.replacingOccurrences(of: "amber", with: "green"))
        let (_, clients, _) = load(fixture)
        let project = try #require(clients.first?.projects.first)
        #expect(project.updates.map(\.date.description) == ["2026-11-10", "2026-11-24", "2026-11-26"])
        #expect(project.currentStatus == .green)
    }

    @Test func test_frontMatterWithWindowsLineEndings() throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/shop/updates/2026-11-24.md", ContentFixture.update.replacingOccurrences(of: "\n", with: "\r\n"))
        let (_, clients, log) = load(fixture)
        #expect(lines(log) == [])
        let update = try #require(clients.first?.projects.first?.latestUpdate)
        #expect(update.headline == "Checkout build on track; certification at risk")
        #expect(update.bodyLine == 5)
        #expect(update.note.sections.map(\.title) == ["Summary", "Progress", "Next", "Internal"])
    }

    @Test(
        "A one-line field is folded to one line, blanks around it dropped",
        arguments: [
            ("Checkout build on track", "Checkout build on track"),
            ("\"  Checkout build\\t\"", "Checkout build"),
            ("\"Checkout\\n  build\\r\\n on track\"", "Checkout build on track"),
            ("\"Checkout\\u2028build\\u0085on track\"", "Checkout build on track"),
            ("Café — «build» ✓", "Café — «build» ✓"),
        ])
    func test_headlineIsOneLine(yaml: String, headline: String) throws {
        let fixture = try ContentFixture()
        try fixture.write(
            "clients/acme/shop/updates/2026-11-24.md",
            ContentFixture.update.replacingOccurrences(
                of: "headline: Checkout build on track; certification at risk",
                with: "headline: " + yaml))
        let (_, clients, log) = load(fixture)
        #expect(lines(log) == [])
        #expect(clients.first?.projects.first?.latestUpdate?.headline == headline)
    }

    @Test func test_draftsAndDotFilesAreIgnored() throws {
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/shop/updates/_2026-11-25.md", "not even front matter")
        try fixture.write("clients/acme/shop/updates/.2026-11-25.md.swp", "junk")
        try fixture.write("clients/_draft-client/client.yaml", "broken: [")
        let (_, clients, log) = load(fixture)
        #expect(lines(log) == [])
        #expect(clients.map(\.slug) == ["acme"])
    }
}

struct MilestoneStateTests {
    func milestone(due: String, forecast: String? = nil, done: String? = nil) -> Milestone {
        Milestone(
            id: "M1", title: "x", due: CalendarDate(iso: due)!, forecast: CalendarDate(iso: forecast ?? due)!,
            done: done.flatMap(CalendarDate.init(iso:)), gate: false, owner: nil, isInternal: false,
            location: SourceLocation(file: "f"))
    }

    let today = CalendarDate(iso: "2026-11-27")!

    @Test func test_doneWinsOverEverything() {
        #expect(milestone(due: "2026-01-01", forecast: "2026-02-01", done: "2026-02-03").state(today: today) == .done)
    }

    @Test func test_overdueWhenTodayIsPastForecast() {
        #expect(milestone(due: "2026-11-20", forecast: "2026-11-26").state(today: today) == .overdue)
    }

    @Test func test_forecastDayItselfIsNotOverdue() {
        #expect(milestone(due: "2026-11-27").state(today: today) == .onTrack)
    }

    @Test func test_slippingWhenForecastAfterBaseline() {
        let m = milestone(due: "2026-12-01", forecast: "2026-12-15")
        #expect(m.state(today: today) == .slipping)
        #expect(m.slipDays == 14)
    }

    @Test func test_onTrackWhenForecastIsBaselineOrEarlier() {
        #expect(milestone(due: "2026-12-01").state(today: today) == .onTrack)
        #expect(milestone(due: "2026-12-01", forecast: "2026-11-30").state(today: today) == .onTrack)
    }
}

struct CalendarDateTests {
    @Test(
        "Dates that do not exist are refused",
        arguments: [
            "2026-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-04-31", "26-1-1", "2026/01/01", "2026-1-01", " 2026-01-01",
        ])
    func test_invalidDates(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func test_leapDayExistsInLeapYears() {
        #expect(CalendarDate(iso: "2028-02-29") != nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "2100-02-29") == nil)
    }

    @Test func test_dayArithmeticRoundTrips() {
        let date = CalendarDate(iso: "2026-11-27")!
        #expect(date.dayNumber == 20_784)
        #expect(date.adding(days: 5).description == "2026-12-02")
        #expect(date.adding(days: -365).description == "2025-11-27")
        #expect(CalendarDate(dayNumber: 0).description == "1970-01-01")
        #expect(date.weekday == 4, "2026-11-27 is a Friday")
    }

    @Test func test_todayIsTheDayInThePortalsTimeZone() {
        // 2026-11-27 23:30 UTC is already the 28th in Auckland, still the 27th in London.
        let seconds = Double(CalendarDate(iso: "2026-11-27")!.dayNumber) * 86_400 + 23.5 * 3600
        #expect(PortalClock.day(atUnixTime: seconds, in: "Europe/London").description == "2026-11-27")
        #expect(PortalClock.day(atUnixTime: seconds, in: "Pacific/Auckland").description == "2026-11-28")
    }
}

struct SlugAndSuggestionTests {
    @Test func test_slugRule() {
        #expect(Slug.isValid("acme"))
        #expect(Slug.isValid("0-a-b"))
        #expect(Slug.isValid(String(repeating: "a", count: 63)))
        for bad in ["", "-acme", "Acme", "acme_co", "acme.co", "..", "a/b", String(repeating: "a", count: 64), "café"] {
            #expect(!Slug.isValid(bad), "\(bad)")
        }
    }

    @Test func test_nearestKeyForTypos() {
        let keys = ["name", "playbook", "pm", "start", "target", "phase", "summary", "milestones", "risks"]
        #expect(Suggestion.nearest(to: "playbok", in: keys) == "playbook")
        #expect(Suggestion.nearest(to: "mielstones", in: keys) == "milestones")
        #expect(Suggestion.nearest(to: "zzzzzzzz", in: keys) == nil)
    }
}

extension String {
    func replacingOccurrences(of a: String, with b: String) -> String {
        components(separatedBy: a).joined(separator: b)
    }
}

struct SignOffSearchTests {
    /// The sign-off phrases are found in any ASCII case, anywhere in a
    /// line; a line is returned as written.
    @Test func test_signOffLinesInAnyCase() {
        let text =
            "Intro\n- M1 SIGNED OFF by Ann\n- M2 Approved By Bo\nsigned\n- aPpRoVeD bY the board\nsigned-\nsign off\nends with sign-off given"
        let lines = TextSearch.lines(of: text, containingAny: ProjectRules.signOffPhrases).map(String.init)
        #expect(lines == ["- M1 SIGNED OFF by Ann", "- M2 Approved By Bo", "- aPpRoVeD bY the board", "ends with sign-off given"])
        #expect(TextSearch.lines(of: "si", containingAny: ProjectRules.signOffPhrases).isEmpty)
        #expect(TextSearch.lines(of: "", containingAny: ProjectRules.signOffPhrases).isEmpty)
    }
}
