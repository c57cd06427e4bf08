import Foundation

/// Call records in the API's JSON shape, for tests that need a response of their own.
public enum APIRecords {
    /// One answered record.
    public static func record(
        ucid: String, agent: String, name: String, start: String, status: String = "Answered",
        handle: String = "00:03:30", caller: String
    ) -> [String: String] {
        [
            "UCID": ucid, "AgentID": agent, "AgentName": name, "CampaignName": "Inbound", "Skill": "General",
            "StartTime": start, "Status": status, "TimeToAnswer": "00:00:07", "TalkTime": "00:03:00",
            "TotalHandlingTime": handle, "TransferType": "No Transfers", "CallerID": caller,
        ]
    }

    /// A success response holding `records`, written to `url`.
    public static func write(_ records: [[String: String]], to url: URL) throws {
        let body: [String: Any] = ["status": "success", "message": records]
        try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]).write(to: url)
    }
}
