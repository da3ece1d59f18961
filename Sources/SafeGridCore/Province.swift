import Foundation

/// A provincial-level division of mainland China, named by its ISO 3166-2:CN code: the province
/// whose regulations a station's notices may cite beside national law (`safegrid config set
/// province 重庆`). Hong Kong, Macao and Taiwan are not listed: mainland stations' notices
/// cite mainland law.
public struct Province: Sendable, Hashable, CustomStringConvertible {
    /// The ISO 3166-2:CN code, e.g. `CN-CQ`.
    public let code: String
    /// The full Chinese name, e.g. 重庆市.
    public let chinese: String
    /// The English name, e.g. Chongqing.
    public let english: String

    private init(_ code: String, _ chinese: String, _ english: String) {
        self.code = code
        self.chinese = chinese
        self.english = english
    }

    /// The province `text` names: its code (`CN-CQ` or `CQ`, any case), its Chinese name with
    /// or without 省/市/自治区 (重庆, 重庆市), or its English name (Chongqing); `nil` for none.
    public init?(_ text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        let upper = text.uppercased()
        let found = Self.all.first { province in
            province.code == upper || province.code == "CN-" + upper || province.chinese == text
                || province.shortChinese == text || province.english.uppercased() == upper
                || province.otherEnglish.contains(upper)
        }
        guard let found else { return nil }
        self = found
    }

    public var description: String { code }

    /// The name without 省, 市 or the autonomous region's suffix: 重庆, 广西, 内蒙古.
    public var shortChinese: String {
        for suffix in ["壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市"] where chinese.hasSuffix(suffix) {
            return String(chinese.dropLast(suffix.count))
        }
        return chinese
    }

    /// Other English spellings in use, upper-cased.
    private var otherEnglish: [String] {
        switch code {
        case "CN-NM": ["NEI MONGOL", "NEIMENGGU"]
        case "CN-XZ": ["XIZANG"]
        default: []
        }
    }

    /// The 31 provincial-level divisions of the mainland, in the order of GB/T 2260.
    public static let all: [Province] = [
        Province("CN-BJ", "北京市", "Beijing"), Province("CN-TJ", "天津市", "Tianjin"),
        Province("CN-HE", "河北省", "Hebei"), Province("CN-SX", "山西省", "Shanxi"),
        Province("CN-NM", "内蒙古自治区", "Inner Mongolia"), Province("CN-LN", "辽宁省", "Liaoning"),
        Province("CN-JL", "吉林省", "Jilin"), Province("CN-HL", "黑龙江省", "Heilongjiang"),
        Province("CN-SH", "上海市", "Shanghai"), Province("CN-JS", "江苏省", "Jiangsu"),
        Province("CN-ZJ", "浙江省", "Zhejiang"), Province("CN-AH", "安徽省", "Anhui"),
        Province("CN-FJ", "福建省", "Fujian"), Province("CN-JX", "江西省", "Jiangxi"),
        Province("CN-SD", "山东省", "Shandong"), Province("CN-HA", "河南省", "Henan"),
        Province("CN-HB", "湖北省", "Hubei"), Province("CN-HN", "湖南省", "Hunan"),
        Province("CN-GD", "广东省", "Guangdong"), Province("CN-GX", "广西壮族自治区", "Guangxi"),
        Province("CN-HI", "海南省", "Hainan"), Province("CN-CQ", "重庆市", "Chongqing"),
        Province("CN-SC", "四川省", "Sichuan"), Province("CN-GZ", "贵州省", "Guizhou"),
        Province("CN-YN", "云南省", "Yunnan"), Province("CN-XZ", "西藏自治区", "Tibet"),
        Province("CN-SN", "陕西省", "Shaanxi"), Province("CN-GS", "甘肃省", "Gansu"),
        Province("CN-QH", "青海省", "Qinghai"), Province("CN-NX", "宁夏回族自治区", "Ningxia"),
        Province("CN-XJ", "新疆维吾尔自治区", "Xinjiang"),
    ]
}
