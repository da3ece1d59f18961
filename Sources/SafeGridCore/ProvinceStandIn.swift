// STAND-IN until the lead's store settings land on main: deleted at the merge.
/// A province-level division (stand-in).
public struct Province: Sendable, Hashable, Codable {
    public var code: String
    public var chinese: String
    public var english: String

    static let known: [Province] = [
        Province(code: "CN-BJ", chinese: "北京市", english: "Beijing"),
        Province(code: "CN-CQ", chinese: "重庆市", english: "Chongqing"),
        Province(code: "CN-GD", chinese: "广东省", english: "Guangdong"),
        Province(code: "CN-SH", chinese: "上海市", english: "Shanghai"),
    ]

    init(code: String, chinese: String, english: String) {
        self.code = code
        self.chinese = chinese
        self.english = english
    }

    public init?(_ text: String) {
        guard let found = Self.known.first(where: {
            [$0.code, $0.chinese, String($0.chinese.dropLast()), $0.english].contains(text)
        }) else { return nil }
        self = found
    }
}
