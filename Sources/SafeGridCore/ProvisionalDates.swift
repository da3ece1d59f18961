/// How a date counted through a provisional calendar year is shown: marked next to the date, with
/// one line telling people to load that year's notice. One wording for the CLI and every exporter.
///
/// ```swift
/// let marked = "2027-01-04" + ProvisionalDates.mark(.chinese) // "2027-01-04（暂定）"
/// let hint = ProvisionalDates.hint(years: [2027], .english)
/// // "Dates marked provisional fall in 2027, whose State Council holiday notice is not loaded: …"
/// ```
public enum ProvisionalDates {
    /// The mark put right after a provisional date.
    public static func mark(_ language: DisplayLanguage) -> String {
        language.pick("（暂定）", " (provisional)")
    }

    /// The mark as a word of its own, for a table column.
    public static func word(_ language: DisplayLanguage) -> String {
        language.pick("暂定", "provisional")
    }

    /// The one-line hint under anything that shows a provisional date.
    /// - Parameters:
    ///   - years: the provisional years of the dates shown.
    ///   - language: the language of the hint.
    public static func hint(years: some Sequence<Int>, _ language: DisplayLanguage) -> String {
        let list = Set(years).sorted().map(String.init)
        let one = list.count == 1
        return language.pick(
            "标注“暂定”的日期在 \(list.joined(separator: "、")) 年，\(one ? "该年" : "这些年份的")国务院放假通知尚未载入，按法定节假日推算；通知发布后请用 safegrid calendar import 文件 载入。",
            "Dates marked provisional fall in \(list.joined(separator: ", ")), whose State Council holiday \(one ? "notice is" : "notices are") not loaded: they follow the statutory holidays until \(one ? "it is" : "they are") (safegrid calendar import FILE).")
    }
}
