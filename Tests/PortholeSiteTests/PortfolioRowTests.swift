import Foundation
import Testing

@testable import PortholeCore
@testable import PortholeSite

/// A client kept whole by an incremental build is not loaded again: its
/// portfolio rows come back from the build manifest, and must be exactly the
/// rows a fresh load gives.
struct PortfolioRowTests {
    func row() throws -> PortfolioRow {
        var row = try JSONDecoder().decode(
            PortfolioRow.self,
            from: Data(
                """
                {"project":"shop","name":"Shop \\"rebuild\\"\\nline\\ttab","pm":"Priya","playbook":"Storefront","status":"red",
                 "trend":[{"date":"2026-11-17","status":"amber"},{"date":"2026-11-24","status":"red"}],
                 "updated":"2026-11-24","staleDays":12,"overdue":2,"highRisks":1,"awaiting":1,"awaitingLate":1,"warnings":3,
                 "internalItems":2,"next":{"id":"M3","title":"Build","forecast":"2027-01-10","state":"slipping","isInternal":true},
                 "money":{"unit":"GBP","budget":194400,"planned":121500,"earned":97200.5,"spent":104800,"forecast":209600.25,"overrun":true},
                 "changesAwaiting":2,"changesAwaitingValue":3600.5,"kpis":{"onTrack":2,"total":3},
                 "accountManager":"Sam Lee","health":[null,"green","stale","red"],
                 "changes":[{"kind":"rag-changed","item":"","title":"","from":"amber","to":"red","date":"2026-11-24"},
                            {"kind":"milestone-moved","item":"M3","title":"Build, \\"phase\\" 2","from":"2026-12-20","to":"2027-01-10","days":21,"date":"2026-11-22"},
                            {"kind":"decision-taken","item":"D-0002","title":"=-","to":"accepted"}],
                 "variance":{"milestone":"M4","title":"Launch","baseline":"2027-02-15","forecast":"2027-03-01","days":14,"trend":[0,-2,14]},
                 "team":[{"person":"Priya Shah","role":"PM","allocation":60,"from":"2026-09-01","file":"content/clients/a b/shop/project.yaml","line":40,"column":5},
                         {"person":"-","allocation":100,"from":"2026-09-01","to":"2027-02-15","file":"x","line":1,"column":1}]}
                """.utf8))
        row.phase = "Build"
        return row
    }

    @Test func test_rowSurvivesTheManifestRoundTrip() throws {
        var manifest = BuildManifest()
        manifest.global = "g"
        manifest.site = "1:2"
        manifest.portfolio = "1:3"
        manifest.portfolioShared = ["index.html": "abc"]
        manifest.clients["acme"] = BuildManifest.ClientEntry(
            key: "k", signature: "s", name: "Acme", access: .link, folder: "acme-x", projects: 1, pages: 8, diagnostics: [],
            files: ["index.html": "h"], portfolioRecords: [try row().record],
            portfolioRowMarkup: [ArraySlice(BuildManifest.escape("<tr>\n\t<td>Shop \\ \"rebuild\"</td>\n</tr>").utf8)],
            portfolioFiles: ["shop/index.html": "p"])
        let text = String(decoding: manifest.render(), as: UTF8.self)
        #expect(!text.dropLast().contains("\n\n"))
        let parsed = try #require(BuildManifest(bytes: Array(text.utf8)))
        #expect(parsed.portfolio == "1:3")
        #expect(parsed.portfolioShared == ["index.html": "abc"])
        #expect(parsed.clients["acme"]?.portfolioRows == [try row()])
        #expect(parsed.clients["acme"]?.portfolioRowHTML(count: 1) == ["<tr>\n\t<td>Shop \\ \"rebuild\"</td>\n</tr>"])
        #expect(parsed.clients["acme"]?.portfolioRowHTML(count: 2) == nil, "one HTML per row, or the rows are rendered again")
        #expect(parsed.clients["acme"]?.portfolioFiles == ["shop/index.html": "p"])
        #expect(String(decoding: parsed.render(), as: UTF8.self) == text)
    }

    /// Rows are decoded when a portfolio index is made, not when the
    /// manifest is read; one that no longer decodes makes the client's rows
    /// unusable, and the build renders that client again.
    @Test func test_aDamagedRowRecordIsNotUsed() throws {
        var manifest = BuildManifest()
        manifest.clients["acme"] = BuildManifest.ClientEntry(
            key: "k", signature: "s", name: "Acme", access: .public, folder: "acme", projects: 2, pages: 8, diagnostics: [],
            files: ["index.html": "h"], portfolioRecords: [try row().record, "{\"project\":"], portfolioFiles: [:])
        let parsed = try #require(BuildManifest(bytes: manifest.render()))
        #expect(parsed.clients["acme"]?.portfolioRecords.count == 2)
        #expect(parsed.clients["acme"]?.portfolioRows == nil)
        manifest.clients["acme"]?.portfolioRecords.removeLast()
        #expect(manifest.clients["acme"]?.portfolioRows == [try row()])
    }

    /// Missing values, empty text and text that looks like the record's own
    /// markers all come back as they were.
    @Test func test_missingAndEmptyValuesSurviveTheRecord() throws {
        var row = try row()
        let full = try #require(PortfolioRow(record: row.record))
        #expect(full == row)
        row.phase = ""
        row.status = nil
        row.trend = []
        row.updated = nil
        row.staleDays = nil
        row.target = nil
        row.next = nil
        row.money?.forecast = nil
        row.kpis = nil
        #expect(PortfolioRow(record: row.record) == row)
        row.money = nil
        row.pm = "-"
        row.name = "=x\\t"
        row.accountManager = nil
        row.health = []
        row.changes = []
        row.variance = nil
        row.team = []
        #expect(PortfolioRow(record: row.record) == row)
        row.phase = "-"
        row.next = .init(id: "", title: "", forecast: CalendarDate(iso: "2027-02-01")!, state: "", isInternal: false)
        #expect(PortfolioRow(record: row.record) == row)
        #expect(PortfolioRow(record: row.record + "\textra") == nil)
        #expect(PortfolioRow(record: row.record.replacingOccurrences(of: "2027-02-01", with: "soon")) == nil)
    }

    @Test func test_attentionOrderPutsRedFirstThenStaleOrOverdueThenAmber() throws {
        var red = try row()
        var stale = try row()
        var amber = try row()
        var green = try row()
        var none = try row()
        red.status = "red"
        stale.status = "green"
        stale.overdue = 0
        stale.staleDays = 10
        amber.status = "amber"
        amber.overdue = 0
        amber.staleDays = nil
        green.status = "green"
        green.overdue = 0
        green.staleDays = nil
        none.status = nil
        none.overdue = 0
        none.staleDays = nil
        #expect([green, none, amber, stale, red].map(\.attentionRank).sorted() == [red, stale, amber, none, green].map(\.attentionRank))
        #expect(
            red.attentionRank < stale.attentionRank && stale.attentionRank < amber.attentionRank
                && amber.attentionRank < none.attentionRank && none.attentionRank < green.attentionRank)
    }
}
