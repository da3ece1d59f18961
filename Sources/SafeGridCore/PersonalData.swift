/// Personal data in free text (a merchant's contact, a person's phone) as it is shown to those
/// who do not need it in full (个人信息保护法): mobile numbers as `138****0001`, identity numbers
/// as `110***********1234`, the rest of the text as it is.
public enum PersonalData {
    /// The text with every mainland mobile number and resident identity number in it masked.
    ///
    /// A mobile number is 11 digits starting 13–19 (spaces or hyphens between groups allowed,
    /// `+86`/`86` before it kept): its first 3 and last 4 digits stay. An identity number is
    /// 18 characters, 17 digits and a digit or X: its first 3 and last 4 stay. A run of digits
    /// longer than either (an account number) is masked whole but for its last 4, so that no
    /// number of 11 digits or more is shown in full.
    public static func masked(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let first = scalars.first {
            guard isDigit(first) else {
                output.append(first)
                scalars = scalars.dropFirst()
                continue
            }
            // A number: digits, with single spaces or hyphens between them, and a final X.
            var digits = 0
            var end = scalars.startIndex
            var index = scalars.startIndex
            while index < scalars.endIndex {
                let scalar = scalars[index]
                if isDigit(scalar) || ((scalar == "X" || scalar == "x") && digits == 17) {
                    digits += 1
                    index += 1
                    end = index
                    if digits == 18 && !isDigit(scalar) { break }
                } else if scalar == " " || scalar == "-", index + 1 < scalars.endIndex, isDigit(scalars[index + 1]) {
                    index += 1
                } else {
                    break
                }
            }
            // The number as written, its separators kept, the digits to hide starred.
            let number = scalars[scalars.startIndex..<end]
            let hidden = hiddenDigits(number.filter { isDigit($0) || $0 == "X" || $0 == "x" })
            var position = 0
            for scalar in number {
                if scalar == " " || scalar == "-" {
                    output.append(scalar)
                } else {
                    output.append(hidden.contains(position) ? "*" : scalar)
                    position += 1
                }
            }
            scalars = scalars[end...]
        }
        return String(output)
    }

    /// Which digits of a number are hidden: none of a short one (a room, a stall, a landline).
    private static func hiddenDigits(_ digits: [Unicode.Scalar]) -> Range<Int> {
        let count = digits.count
        let mobile = count == 11 && digits[0] == "1" && ("3"..."9").contains(digits[1])
        let mobileWithCode = count == 13 && digits[0] == "8" && digits[1] == "6" && digits[2] == "1"
        if mobile { return 3..<7 }
        if mobileWithCode { return 5..<9 }
        if count == 18 { return 3..<14 }
        if count >= 11 { return 0..<(count - 4) }
        return 0..<0
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
}
