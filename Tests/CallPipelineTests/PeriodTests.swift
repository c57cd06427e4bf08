import CallModel
import Testing

@Suite("The previous period")
struct PreviousPeriodTests {
    @Test("a month compares with the month before, across a year")
    func months() {
        #expect(ReportPeriod(month: "2026-10")!.previous == ReportPeriod(month: "2026-09")!)
        #expect(ReportPeriod(month: "2026-01")!.previous == ReportPeriod(month: "2025-12")!)
        #expect(ReportPeriod(month: "2024-03")!.previous.dayCount == 29)
    }

    @Test("a range compares with as many days just before it, even when it spans a whole month")
    func ranges() {
        let ten = ReportPeriod(from: LocalDate("2026-10-11")!, to: LocalDate("2026-10-20")!)!
        #expect(ten.previous == ReportPeriod(from: LocalDate("2026-10-01")!, to: LocalDate("2026-10-10")!)!)
        let october = ReportPeriod(from: LocalDate("2026-10-01")!, to: LocalDate("2026-10-31")!)!
        #expect(!october.isWholeMonth)
        #expect(october.previous == ReportPeriod(from: LocalDate("2026-08-31")!, to: LocalDate("2026-09-30")!)!)
        #expect(october.previous.label == "2026-08-31_2026-09-30")
    }
}
