import CallAggregate
import Mustache

/// One row of missed.csv.
struct MissedRow: MustacheParent {
    let callerId: String
    let firstMissed: String
    let lastMissed: String
    let missedCount: Int
    let skill: String?
    let campaign: String?

    init(_ m: MissedCaller, offsets: OffsetFormatter, maskCallers: Bool = false) {
        callerId = maskCallers ? CallerMask.mask(m.callerId) : m.callerId
        firstMissed = offsets.iso8601(m.firstMissed)
        lastMissed = offsets.iso8601(m.lastMissed)
        missedCount = m.missedCount
        skill = m.skill
        campaign = m.campaign
    }

    /// The stored properties by name, as ``ViewFields`` would give them (a test compares the two).
    func child(named name: String) -> Any? {
        switch name {
        case "callerId": callerId
        case "firstMissed": firstMissed
        case "lastMissed": lastMissed
        case "missedCount": missedCount
        case "skill": skill
        case "campaign": campaign
        default: nil
        }
    }
}

/// missed.csv written without Mustache while the folder's template is the one we ship.
///
/// A month can have tens of thousands of numbers to call back, and swift-mustache looks up and
/// casts every `{{value}}` of every row: rendering the list was the longest part of the render
/// stage, run after everything else. The shipped template is fixed text, so while the folder
/// holds exactly that text the rows are written here, through the same ``MissedRow`` (masking,
/// times with their offset) and the same ``CSVField`` rules as the `CSV` content type, and the
/// file is the one the template would give, byte for byte (a test renders both). A template the
/// user has edited in any way is rendered by Mustache as before.
enum MissedCSV {
    /// The output this replaces the template of.
    static let outputName = "missed.csv"

    /// `templates/missed.csv.mustache` as shipped, after ``ReportRenderer`` has read it (LF line
    /// ends, no byte-order mark). A test checks it against the repository's file.
    static let shippedTemplate =
        "{{! missed.csv: the call-back list. One row per caller number whose last missed (unanswered "
        + "inbound) call has no answered call from or to that number after it; first and last missed "
        + "time and the count cover the misses since the number's last answered call; skill and "
        + "campaign are those of the last miss. Ordered by first missed time. Holds caller numbers: "
        + "share with care. }}\n"
        + "callerId,firstMissed,lastMissed,missedCount,skill,campaign\n"
        + "{{#missed}}\n"
        + "{{callerId}},{{firstMissed}},{{lastMissed}},{{missedCount}},{{skill}},{{campaign}}\n"
        + "{{/missed}}\n"

    /// The header line of the shipped template: literal text there, so written as is here.
    private static let header = Array("callerId,firstMissed,lastMissed,missedCount,skill,campaign".utf8)

    /// The file the shipped template renders for these callers: the byte-order mark if the
    /// context wants it, the header, then one row per caller, every row ending in CRLF.
    ///
    /// Every value goes through ``CSVField/appendText(_:to:)``, the escaping the template applies
    /// to `{{value}}`; the count as the text Mustache prints for an `Int`; a missing skill or
    /// campaign as nothing, as `{{skill}}` renders it.
    static func render(_ callers: [MissedCaller], context: ReportContext) -> [UInt8] {
        let offsets = OffsetFormatter(timeZone: context.timeZone)
        var out: [UInt8] = []
        // About 80 bytes a row: the caller, two timestamps, the count, a skill and a campaign.
        out.reserveCapacity(header.count + 5 + callers.count * 96)
        if context.byteOrderMark { out.append(contentsOf: CSVField.byteOrderMark) }
        out.append(contentsOf: header)
        out.append(contentsOf: CSVField.rowEnd)
        for caller in callers {
            let row = MissedRow(caller, offsets: offsets, maskCallers: context.maskCallers)
            CSVField.appendText(row.callerId, to: &out)
            out.append(CSVField.separator)
            CSVField.appendText(row.firstMissed, to: &out)
            out.append(CSVField.separator)
            CSVField.appendText(row.lastMissed, to: &out)
            out.append(CSVField.separator)
            CSVField.appendText(String(row.missedCount), to: &out)
            out.append(CSVField.separator)
            if let skill = row.skill { CSVField.appendText(skill, to: &out) }
            out.append(CSVField.separator)
            if let campaign = row.campaign { CSVField.appendText(campaign, to: &out) }
            out.append(contentsOf: CSVField.rowEnd)
        }
        return out
    }
}
