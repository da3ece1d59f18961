import ArgumentParser
import SafeGridCore

/// `--show-personal`: merchants' contacts and people's phones in clear. Without it, every
/// command that prints, exports or bundles them masks them (138****0001); a venue's own notice
/// and re-inspection record always name its contact (SECURITY.md, "Personal data").
struct PersonalDataOption: ParsableArguments {
    @Flag(name: .customLong("show-personal"), help: .zh(
        "联系人电话、身份证号等个人信息以明文显示（默认打码，如 138****0001）。",
        en: "Show phone and ID numbers in clear (masked by default, as 138****0001)."))
    var showPersonal = false

    func shown(_ venue: Venue) -> Venue { showPersonal ? venue : venue.withPersonalDataMasked() }
    func shown(_ file: VenueFile) -> VenueFile { showPersonal ? file : file.withPersonalDataMasked() }
    func shown(_ list: ReminderList) -> ReminderList { showPersonal ? list : list.withPersonalDataMasked() }
    func shown(_ plan: InspectionPlan) -> InspectionPlan { showPersonal ? plan : plan.withPersonalDataMasked() }
}
