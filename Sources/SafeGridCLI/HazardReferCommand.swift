import ArgumentParser
import Foundation
import SafeGridCore
import SafeGridEngine

extension HazardCommand {
    /// `safegrid hazard refer ID --to DEPARTMENT [--note TEXT]`: 分流处置.
    struct Refer: GlobalCommand {
        static let configuration = CommandConfiguration(
            abstract: .zh(
                "把隐患分流给负责的部门处置；状态不变，仍记在网格和警格的账上。",
                en: "Refer a hazard to the department responsible (分流处置); its status is unchanged and it stays on its grid's and police grid's books."),
            discussion: .zh("""
                分流是一条事件：此后由该部门处置（hazard show、hazard list 显示处置部门），隐患的状态、期限、网格和警格都不变，照常计入统计。已由该部门处置时不能再分流给它；--to public-security 交回派出所自行处置。

                部门：
                \(DepartmentArgument.listing)

                示例：
                  safegrid hazard refer H-7K2M9Q4TXA --to market-supervision --note "无证经营，移交市场监管"
                  safegrid hazard refer H-7K2M9Q4TXA --to 消防救援
                  safegrid hazard refer H-7K2M9Q4TXA --to public-security   # 交回派出所
                """, en: """
                A referral is an event: from then on that department acts on the hazard (hazard show and hazard list show the department acting); its status, deadline, grid and police grid stay as they are, and it counts as before. A hazard cannot be referred to the department already acting on it; --to public-security brings it back to the station.

                Departments:
                \(DepartmentArgument.listing)

                Examples:
                  safegrid hazard refer H-7K2M9Q4TXA --to market-supervision --note "unlicensed trading, passed to market supervision"
                  safegrid hazard refer H-7K2M9Q4TXA --to fire-rescue
                  safegrid hazard refer H-7K2M9Q4TXA --to public-security   # back to the station
                """)
        )

        @OptionGroup var global: GlobalOptions
        @OptionGroup var change: ChangeOptions
        @Option(help: .zh("接手处置的部门（代码或名称）。", en: "The department that takes it over (code or name).", valueName: "department"))
        var to: String
        @Option(help: .zh("备注：为何分流、请对方做什么。", en: "A note: why, and what is asked of the department.")) var note: String?

        func run() throws {
            let context = try Context.open(global)
            let department = try DepartmentArgument.code(to)
            let at = try context.time(change.at, option: "--at", endOfDay: false)
            let state = try context.engine.update(
                try context.engine.hazardID(matching: change.id), .referred(department: department), at: at,
                actor: try context.actor(change.actor), note: note)
            switch change.format {
            case .json: try context.json(HazardJSON(state, context))
            case .text:
                let l = context.language
                let name = Department.named(state.actingDepartment)?.label(l) ?? state.actingDepartment
                Output.line(l.pick(
                    "隐患 \(state.id)：由\(name)处置，状态仍为\(state.status.label(l))，期限 \(context.show(state.deadline))",
                    "Hazard \(state.id): now with \(name), still \(state.status.label(l)), deadline \(context.show(state.deadline))"))
            }
        }
    }
}
