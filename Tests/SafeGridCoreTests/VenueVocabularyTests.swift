import SafeGridCore
import Testing

@Suite("Venue vocabulary")
struct VenueVocabularyTests {
    let vocabulary = VenueVocabulary.builtin

    @Test("codes and names in any case are read as codes", arguments: [
        ("stall", VenueVocabulary.Field.kind, "stall"), ("摊位", .kind, "stall"), ("STALL", .kind, "stall"), (" 夜市 ", .kind, "market"),
        ("Night Market", .kind, "market"), ("厨房", .tag, "kitchen"), ("lpg", .tag, "gas"), ("露天", .tag, "outdoor"),
    ])
    func names(text: String, field: VenueVocabulary.Field, code: String) {
        #expect(vocabulary.lookUp(text, field) == code)
    }

    @Test("an unknown term is refused with the three closest, by edit distance to code or name")
    func closest() throws {
        #expect(vocabulary.closest(to: "bbq", .kind).map(\.code) == ["bar", "stall", "shop"])
        #expect(vocabulary.closest(to: "摊子", .kind).first?.code == "stall")
        #expect(vocabulary.closest(to: "resturant", .kind).first?.code == "restaurant")
        #expect(vocabulary.closest(to: "gen", .tag).first?.code == "gas")
        #expect(vocabulary.lookUp("bbq", .kind) == nil && vocabulary.lookUp("厨房", .kind) == nil, "kinds and tags are separate lists")
        do {
            _ = try vocabulary.tags(["kitchen", "kitchn"])
            Issue.record("kitchn accepted")
        } catch {
            #expect(error.code == .invalidInput && error.context["tag"] == "kitchn")
            #expect(error.message.resolved(for: .english).hasPrefix("unknown venue tag 'kitchn'; closest: kitchen (厨房)"))
        }
        #expect(try vocabulary.tags(["Gas", "燃气", "kitchen"]) == ["gas", "kitchen"])
    }

    @Test("a store's own terms: read, written back the same, added after the built-in ones")
    func storeTerms() throws {
        let terms = try VenueVocabulary.parseTerms(" kiosk=报刊亭/newsstand/news kiosk , boat=游船 ,raft", .kind)
        #expect(terms == [
            .init("kiosk", chinese: "报刊亭", english: "newsstand", aliases: ["news kiosk"]), .init("boat", chinese: "游船", english: "boat"),
            .init("raft", chinese: "raft", english: "raft"),
        ])
        #expect(VenueVocabulary.format(terms) == "kiosk=报刊亭/newsstand/news kiosk,boat=游船,raft")
        #expect(try VenueVocabulary.parseTerms(VenueVocabulary.format(terms), .kind) == terms)
        let added = try vocabulary.adding(terms, to: .kind)
        #expect(added.lookUp("News Kiosk", .kind) == "kiosk" && added.kinds.last?.code == "raft" && added.tags == vocabulary.tags)
        #expect(throws: SafeGridError.self) { try vocabulary.adding([.init("booth", chinese: "摊位", english: "booth")], to: .kind) }
        for bad in ["Kiosk", "kiosk-", "a b", "kiosk=", "k=x/", "a=x,b=x", "a,a"] {
            #expect(throws: SafeGridError.self, "\(bad)") { try VenueVocabulary.parseTerms(bad, .kind) }
        }
    }
}
