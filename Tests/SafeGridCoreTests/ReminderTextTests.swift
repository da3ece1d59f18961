import Foundation
import SafeGridCore
import Testing

@Suite("Reminders as text")
struct ReminderTextTests {
    @Test("names, venues and titles with control characters or line separators cannot forge a line")
    func noForgedLines() {
        let time = StationTime.shanghai
        let asOf = Date(timeIntervalSince1970: 1_781_000_000)
        let item = ReminderItem(
            hazardID: "H1", venueID: "V1", venueName: "阿芳\r\n[逾期] 伪造", title: LocalizedText(["zh": "灭火器\u{2028}过期\u{85}\u{7}"]),
            severity: .minor, status: .open, kind: .dueSoon, foundAt: asOf, deadline: asOf, reinspectionDue: nil,
            workingDaysOverdue: 0, escalation: .due, grid: AreaReference(code: "G1", name: "G1"),
            policeGrid: AreaReference(code: "P1", name: "P1"), roles: [])
        let list = ReminderList(
            asOf: asOf, days: 3, horizon: time.day(of: asOf), generatedAt: asOf,
            people: [ReminderPerson(name: "张三\u{2029}李四\t", phone: nil, items: [item])], hazardCount: 1)
        let text = list.plainText(.chinese, time)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 7 && lines.last == "", "\(text)")
        #expect(lines[2] == "张三 李四 ")
        #expect(lines[3].hasPrefix("  [") && lines[3].contains("阿芳  [逾期] 伪造（V1）：灭火器 过期   — "), "\(lines[3])")
        // Text without such characters is shown as it is.
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }
}
