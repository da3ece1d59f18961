import SafeGridCore
import Testing

@Suite("Personal data masked in free text")
struct PersonalDataTests {
    @Test("mobile numbers, identity numbers and long numbers are masked; short ones and the rest of the text stay", arguments: [
        ("王强 13800000001", "王强 138****0001"),
        ("王强 138-0000-0001，李四 139 1234 5678", "王强 138-****-0001，李四 139 **** 5678"),
        ("+86 13800000001", "+86 138****0001"),
        ("8613800000001", "86138****0001"),
        ("身份证 11010519491231002X", "身份证 110***********002X"),
        ("110105194912310021", "110***********0021"),
        ("账号 6222020200112233445", "账号 ***************3445"),
        ("夜市 A 区 12 号，电话 023-6543210", "夜市 A 区 12 号，电话 023-6543210"),
        ("", ""),
        ("老王烧烤", "老王烧烤"),
    ])
    func masked(_ text: String, _ expected: String) {
        #expect(PersonalData.masked(text) == expected)
    }

    @Test("masking twice changes nothing more")
    func idempotent() {
        let once = PersonalData.masked("王强 13800000001 / 11010519491231002X")
        #expect(PersonalData.masked(once) == once)
    }

    @Test("a masked copy never replaces the number it hides; anything else replaces what is stored")
    func keeping() {
        #expect(PersonalData.keeping("王强 13800000001", over: "王强 138****0001") == "王强 13800000001")
        #expect(PersonalData.keeping("王强 13800000001", over: "李华 13900000002") == "李华 13900000002")
        #expect(PersonalData.keeping("王强 13800000001", over: "王强 139****0001") == "王强 139****0001")
        #expect(PersonalData.keeping("13800000001", over: nil) == nil)
        #expect(PersonalData.keeping(nil, over: "138****0001") == "138****0001")
        let stored = Venue(id: "V1", name: "V1", kind: "stall", gridCode: "G1", policeGridCode: "P1", contact: "王强 13800000001")
        #expect(stored.withPersonalDataMasked().keepingPersonalData(of: stored) == stored)
        let area = Area(code: "G1", name: "G1", level: .grid, follower: "陈", followerPhone: "13900000002", leaderPhone: "13700000003")
        #expect(area.withPersonalDataMasked().keepingPersonalData(of: area) == area)
        #expect(area.withPersonalDataMasked().followerPhone == "139****0002")
    }
}
