import Foundation
import SafeGridCore

/// Cell text exactly as `ReportCell.text(_:)` gives it, with one date formatter for the whole
/// export: Core's `StationTime.show` makes a new formatter per call, which dominates the time
/// of a long overdue table (two instants a line).
struct CellText {
    private let time: StationTime
    private let formatter: ISO8601DateFormatter

    init(_ time: StationTime) {
        self.time = time
        formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = time.timeZone
    }

    func text(_ cell: ReportCell) -> String {
        guard case .time(let instant) = cell else { return cell.text(time) }
        // `StationTime.show`: the date, a space, hours and minutes.
        let full = formatter.string(from: instant)
        return String(full.prefix(10)) + " " + String(full.dropFirst(11).prefix(5))
    }
}
