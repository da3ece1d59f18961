import Foundation
import SafeGridCore
import Testing

@Suite("Checklist values")
struct ChecklistValueTests {
    @Test("deadline codes parse and print", arguments: [
        ("immediate", DeadlineRule.immediate), ("before-opening", .beforeOpening),
        ("7d", .calendarDays(7)), ("3wd", .workingDays(3)), ("999d", .calendarDays(999)), ("1wd", .workingDays(1)),
    ])
    func deadlineCodes(code: String, rule: DeadlineRule) {
        #expect(DeadlineRule(code: code) == rule)
        #expect(rule.code == code)
    }

    @Test("malformed deadline codes are refused", arguments: ["", "d", "wd", "0d", "07d", "1000d", "3w", "3 d", "-1d", "3dw", "soon", "١d"])
    func badDeadlineCodes(code: String) {
        #expect(DeadlineRule(code: code) == nil)
    }

    @Test func severityOrder() {
        #expect(Severity.minor < .major && Severity.major < .critical)
        #expect(max(Severity.major, .critical) == .critical)
        #expect(Severity.critical.label(.chinese) == "重大")
        #expect(Severity.minor.label(.english) == "minor")
    }

    @Test func localizedFallback() {
        let both = LocalizedText(["zh-CN": "出口", "en": "Exit"])
        #expect(both.resolved(for: .english) == "Exit")
        #expect(both.resolved(for: .chinese) == "出口")
        #expect(LocalizedText(["en": "Exit"]).resolved(for: .chinese) == "Exit")
        #expect(LocalizedText(["zh-CN": "出口"]).resolved(for: .english) == "出口")
        #expect(LocalizedText(["ug": "چىقىش", "bo": "ཐོན"]).resolved(for: .english) == "ཐོན")
        #expect(LocalizedText([:]).resolved(for: .english) == "")
    }

    @Test func languageTagsAreCanonical() {
        #expect(LocalizedText.canonicalTag("ZH-cn") == "zh-CN")
        #expect(LocalizedText.canonicalTag("zh-hans-cn") == "zh-Hans-CN")
        #expect(LocalizedText(["EN": "x"])["en"] == "x")
    }

    @Test func displayLanguageFromLocale() {
        #expect(DisplayLanguage(locale: "en_US.UTF-8") == .english)
        #expect(DisplayLanguage(locale: "zh_CN.UTF-8") == .chinese)
        #expect(DisplayLanguage(locale: "C.UTF-8") == .chinese)
        #expect(DisplayLanguage(locale: nil) == .chinese)
    }

    @Test func applicability() {
        let rule = Applicability(tags: ["kitchen", "gas", "kitchen"], venueKinds: ["stall", "restaurant"])
        #expect(rule.tags == ["gas", "kitchen"])
        #expect(rule.applies(toKind: "stall", tags: ["gas", "kitchen", "outdoor"]))
        #expect(!rule.applies(toKind: "stall", tags: ["kitchen"]))
        #expect(!rule.applies(toKind: "bar", tags: ["gas", "kitchen"]))
        #expect(Applicability(tags: ["kitchen"]).applies(toKind: "bar", tags: ["kitchen"]))
    }

    static let sample = Checklist(
        id: "sample", version: "1.2.3", category: "fire",
        title: LocalizedText(["zh-CN": "样例", "en": "Sample"]),
        sections: [ChecklistSection(
            id: "s1", title: LocalizedText(["en": "One"]),
            items: [
                ChecklistItem(
                    id: "A-01", severity: .major, deadline: .workingDays(3), prompt: LocalizedText(["en": "Lux"]),
                    response: .number(unit: "lx", min: 1, max: nil), basis: "practice"),
                ChecklistItem(
                    id: "A-02", severity: .major, deadline: .immediate, prompt: LocalizedText(["en": "Route"]),
                    response: .choice([
                        ChoiceOption(id: "clear", label: LocalizedText(["en": "Clear"])),
                        ChoiceOption(id: "blocked", label: LocalizedText(["en": "Blocked"]), fails: true, severity: .critical),
                    ])),
                ChecklistItem(id: "A-03", severity: .minor, deadline: .calendarDays(15), prompt: LocalizedText(["en": "Log"]),
                              response: .yesNo(failOn: false)),
                ChecklistItem(id: "A-04", severity: .minor, deadline: .beforeOpening, prompt: LocalizedText(["en": "Duct"]),
                              response: .date(maxAgeDays: 90), photo: .required, weight: 2.5),
            ])]
    )

    @Test("JSON round trip keeps every field")
    func codableRoundTrip() throws {
        let data = try JSONEncoder().encode(Self.sample)
        let decoded = try JSONDecoder().decode(Checklist.self, from: data)
        #expect(decoded == Self.sample)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""deadline":"3wd""#))
        #expect(text.contains(#""type":"number""#))
    }

    @Test("the content hash follows the value and nothing else")
    func contentHash() {
        let hash = Self.sample.contentHash
        #expect(hash == Self.sample.contentHash)
        var edited = Self.sample
        edited.sections[0].items[0].severity = .critical
        #expect(edited.contentHash != hash)
        edited = Self.sample
        edited.sections[0].items[2].deadline = .calendarDays(14)
        #expect(edited.contentHash != hash)
        edited = Self.sample
        edited.title = LocalizedText(["en": "Sample", "zh-CN": "样例"])
        #expect(edited.contentHash == hash, "language order does not matter")
        edited.sections[0].items[1].prompt = LocalizedText(["en": "Route!"])
        #expect(edited.contentHash != hash)
        let canonical = String(decoding: Self.sample.canonicalForm, as: UTF8.self)
        #expect(canonical.hasPrefix(#"{"format":"safegrid-checklist/1","id":"sample""#))
    }
}
