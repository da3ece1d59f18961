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
}
