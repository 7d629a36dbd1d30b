import Foundation
import PortholeTestSupport
import Testing

@testable import PortholeCore

/// `Scaffold.quoted` writes the names `porthole new` and `hubspot pull` put
/// into YAML; whatever the text, the file must load and give it back.
struct ScaffoldQuotingTests {
    @Test func test_textYAMLCannotCarryAsItIsReadsBackUnchanged() throws {
        // C1 controls, U+FFFE and U+FFFF make libyaml refuse the file when
        // written as they are (a HubSpot company name can hold them).
        let name = "Zephyr \u{80}\u{9F}\u{FFFE}\u{FFFF} \"Kites\" \\ Ltd"
        let fixture = try ContentFixture()
        try fixture.write("clients/acme/client.yaml", "name: \(Scaffold.quoted(name))\naccess: public\ncontacts: []\n")
        let (_, clients, log) = load(fixture)
        #expect(lines(log) == [])
        #expect(clients.first?.name == name)
    }

    @Test func test_lineBreaksOfEveryKindStayEscapes() {
        for scalar in ["\n", "\u{85}", "\u{2028}", "\u{2029}", "\u{7F}"] {
            #expect(
                !Scaffold.quoted("a" + scalar + "b").unicodeScalars.contains(scalar.unicodeScalars.first!), "\(scalar.debugDescription)")
        }
    }
}
