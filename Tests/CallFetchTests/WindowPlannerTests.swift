import CallModel
import Foundation
import Testing

@testable import CallFetch

@Suite("window planning")
struct WindowPlannerTests {
    private func date(_ text: String) -> LocalDate { LocalDate(text)! }

    @Test("a 31-day month takes two windows; the first ends on the 30th date")
    func thirtyOneDays() {
        let windows = WindowPlanner.windows(covering: ReportPeriod(month: "2026-10")!)
        #expect(windows.map(\.description) == ["2026-10-01_2026-10-30", "2026-10-31_2026-10-31"])
        #expect(windows[0].fromParameter == "2026-10-01 00:00:00")
        #expect(windows[0].toParameter == "2026-10-30 23:59:59")
    }

    @Test("30 days take one window, 90 days three, 91 days four", arguments: [(30, 1), (90, 3), (91, 4), (1, 1), (3653, 122)])
    func counts(days: Int, windows: Int) {
        let from = date("2026-07-01")
        let period = ReportPeriod(from: from, to: from.adding(days: days - 1))!
        let planned = WindowPlanner.windows(covering: period)
        #expect(planned.count == windows)
        #expect(planned.allSatisfy { $0.dayCount <= 30 })
        #expect(Set(planned.flatMap(\.dates)) == Set(period.dates))
    }

    @Test("gaps shorter than a window are bridged; longer ones split")
    func gaps() {
        let needed = [date("2026-10-01"), date("2026-10-02"), date("2026-10-20"), date("2026-12-01")]
        let windows = WindowPlanner.windows(covering: needed)
        #expect(windows.map(\.description) == ["2026-10-01_2026-10-20", "2026-12-01_2026-12-01"])
    }

    @Test("nothing needed, nothing planned")
    func empty() {
        #expect(WindowPlanner.windows(covering: [LocalDate]()).isEmpty)
    }

    @Test("a leap February and a year boundary")
    func calendarEdges() {
        let windows = WindowPlanner.windows(covering: ReportPeriod(from: date("2027-12-20"), to: date("2028-03-01"))!)
        #expect(
            windows.map(\.description) == ["2027-12-20_2028-01-18", "2028-01-19_2028-02-17", "2028-02-18_2028-03-01"])
    }
}

@Suite("request URL")
struct RequestURLTests {
    @Test("parameters are percent-encoded: the space is %20, the colon %3A")
    func encoding() throws {
        let account = CloudAgentAccount(
            baseURL: URL(string: "https://in1-ccaas-api.ozonetel.com/")!, userName: "acme corp", apiKey: "k+y/=",
            format: .xml)
        let window = FetchWindow(from: LocalDate("2026-10-01")!, to: LocalDate("2026-10-30")!)
        let url = account.requestURL(for: window).absoluteString
        #expect(
            url == "https://in1-ccaas-api.ozonetel.com/cloudAgentRestAPI/index.php/CloudAgent/CloudAgentAPI/getCallLogs"
                + "?api_key=k%2By%2F%3D&user_name=acme%20corp&from_date=2026-10-01%2000%3A00%3A00"
                + "&to_date=2026-10-30%2023%3A59%3A59&format=xml")
        let masked = account.requestURL(for: window, maskingKey: true).absoluteString
        #expect(masked.contains("api_key=***&"))
        #expect(!masked.contains("k%2By"))
        #expect(!account.description.contains("k+y"))
    }
}
