import Foundation
import Testing

@testable import PortholeCore
@testable import PortholeSite

/// `status.json` is written by `PrettyJSON`, not `JSONEncoder`: for every
/// project of the example agency (budgets, change requests, KPIs, optional
/// fields both present and absent), the two must write the same bytes.
struct StatusDocumentTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func encoded(_ document: StatusDocument) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }

    @Test func test_everyExampleProjectIsWrittenAsTheEncoderWritesIt() throws {
        let loader = ContentLoader(
            root: Self.packageRoot.appendingPathComponent("content").path, displayRoot: "content")
        let (loaded, sharedLog) = loader.loadShared()
        let shared = try #require(loaded, "\(sharedLog.entries)")
        let (theme, themeLog) = Theme.load(
            name: "default", themesRoot: Self.packageRoot.appendingPathComponent("themes").path, displayRoot: "themes")
        let words = try #require(theme, "\(themeLog.entries)").strings
        let today = try #require(CalendarDate(iso: "2026-11-27"))
        var compared = 0
        var optionalsLeftOut = false
        for slug in shared.clientSlugs {
            let (client, log) = loader.loadClient(slug)
            let visible = try #require(client, "\(log.entries)").clientVisible
            for project in visible.projects {
                let links = ProjectLinks(baseURL: shared.portal.site.baseURL, folder: slug, project: project.slug)
                let document = StatusDocument(
                    client: visible, project: project, playbook: shared.playbooks[project.playbook], links: links,
                    today: today, words: words)
                let written = document.render()
                #expect(written == (try encoded(document)), "\(slug)/\(project.slug)")
                optionalsLeftOut = optionalsLeftOut || document.target == nil || document.budget == nil
                compared += 1
            }
        }
        // The comparison covered enough to mean something.
        #expect(compared >= 5)
        #expect(optionalsLeftOut)
    }

    @Test func test_aNumberJSONCannotHoldGivesTheEmptyObjectAsBefore() throws {
        let document = StatusDocument.KPIEntry(
            id: "K1", name: "Conversion", unit: "%", baseline: .nan, target: 3, direction: "up", values: [])
        #expect(!document.json.isWritable)
        #expect((try? JSONEncoder().encode(document)) == nil)
    }
}
