import Foundation
import SafeGridCore
import Testing

@Suite("Station time in messages")
struct StationTimeTests {
    @Test("every UTC time in a message is said in station time, whatever Z comes before it")
    func rewritesUTCTimes() {
        let shanghai = StationTime.shanghai
        // A hazard id with a Z a few characters before the time it names (seen as a flaky test:
        // the rewrite stopped at the id's last Z).
        let message = "时间 2026-05-31T09:00:00+08:00 早于隐患 H-J6Z6BDF2HZ 的发现时间 2026-06-01T02:00:00Z，不能报告整改完成"
        #expect(shanghai.rewritingUTCTimes(message)
            == "时间 2026-05-31T09:00:00+08:00 早于隐患 H-J6Z6BDF2HZ 的发现时间 2026-06-01T10:00:00+08:00，不能报告整改完成")
        #expect(shanghai.rewritingUTCTimes("Z 2026-06-01T02:00:00Z and ZZ 2026-06-08T15:59:59Z")
            == "Z 2026-06-01T10:00:00+08:00 and ZZ 2026-06-08T23:59:59+08:00")
        #expect(shanghai.rewritingUTCTimes("no time, H-ZZZZ") == "no time, H-ZZZZ")
    }
}
