import PagebulkKit
import Testing
@testable import PagebulkReport

/// Schema 1 documents (string parameters) read into the typed ones, and
/// what is not a document is refused with a reason.
@Suite struct SchemaTests {
    static let context = #""context": {"kernelRelease": "6.12.117"}"#

    /// A pins document as schema 1 wrote it: "pins=K" groups and their text.
    static let pinsSchemaOne = """
        {"schema": 1, "scenario": "pins", \(context),
         "parameters": {"order": "4", "count": "4800", "cma": "reserved", "trials": "3",
                        "load": "2 compile jobs + buffered writes + anon churn, 20 s warm-up",
                        "fill": "1000 MiB page cache written before pinning",
                        "pins=0": "0 pins (0 of them taken pages) in 0 pageblocks",
                        "pins=10": "10 pins (3 of them taken pages) in 7 pageblocks"},
         "trials": [], "summary": []}
        """

    @Test func pinsGroupsBecomeTypedPins() throws {
        guard case let .allocation(d) = try JSONText.decode(ResultDocument.self, from: Self.pinsSchemaOne) else {
            throw DocumentError.mismatch("not allocation")
        }
        #expect(d.scenario == .pins && d.readAs == .stringParameters)
        #expect(d.parameters.workload == Workload(compileJobs: 2, warmupSeconds: 20))
        #expect(d.parameters.pins == PinsParameters(fillMiB: 1000, held: [
            PinsHeld(pins: 0, pinned: 0, taken: 0, pinnedBlocks: 0),
            PinsHeld(pins: 10, pinned: 10, taken: 3, pinnedBlocks: 7),
        ]))
        let written = try JSONText.encode(ResultDocument.allocation(d))
        #expect(written.contains(#""schema" : 2"#) && !written.contains("pins=10"))
    }

    @Test func aSchemaOneTrialGroupIsReadAsK() throws {
        let text = try RecordedRun.text("highorder.json")
        // The recorded highorder run has no groups; give its trials one.
        let grouped = text.replacingOccurrences(of: #""scenario" : "highorder""#, with: #""scenario" : "pins""#)
            .replacingOccurrences(of: #""trial" : 0"#, with: #""trial" : 0, "group" : "pins=100""#)
            .replacingOccurrences(of: #""trials" : "2""#,
                                  with: #""trials" : "2", "fill" : "10 MiB", "pins=100" : "100 pins (1 of them taken pages) in 90 pageblocks""#)
        guard case let .allocation(d) = try JSONText.decode(ResultDocument.self, from: grouped) else {
            throw DocumentError.mismatch("not allocation")
        }
        #expect(d.trials.contains { $0.pins == 100 } && d.trials.contains { $0.pins == nil })
        #expect(d.method("range-bulk/fast", pins: 100)?.trials == 1)
    }

    @Test func badDocumentsSayWhy() {
        #expect(throws: DocumentError.unknownScenario("frob")) {
            try JSONText.decode(ResultDocument.self, from: #"{"schema": 1, "scenario": "frob"}"#)
        }
        #expect(throws: DocumentError.unknownSchema(9)) {
            try JSONText.decode(ResultDocument.self, from: #"{"schema": 9, "scenario": "order0", \#(Self.context)}"#)
        }
        let badCount = Self.pinsSchemaOne.replacingOccurrences(of: #""count": "4800""#, with: #""count": "many""#)
        #expect(throws: DocumentError.badParameter("count", "many")) {
            try JSONText.decode(ResultDocument.self, from: badCount)
        }
        let badGroup = Self.pinsSchemaOne.replacingOccurrences(of: #""pins=10": "10 pins"#, with: #""pins=10": "ten pins"#)
        #expect(throws: DocumentError.self) { try JSONText.decode(ResultDocument.self, from: badGroup) }
    }

    @Test func aTypedDocumentRoundTrips() throws {
        let d = try JSONText.decode(ResultDocument.self, from: Self.pinsSchemaOne)
        let again = try JSONText.decode(ResultDocument.self, from: JSONText.encode(d))
        guard case let .allocation(x) = d, case let .allocation(y) = again else { throw DocumentError.empty }
        #expect(x.parameters == y.parameters && y.readAs == .typedParameters)
    }
}
