import ArgumentParser
import PagebulkKit

/// Methods a scenario leaves out, by the label its table prints
/// (`AllocRequest.label`): a long run can drop the slowest row, the
/// per-piece `cma_alloc_resume()` loop (cma-chunk-resume), say.
struct MethodSkipOptions: ParsableArguments {
    @Option(name: .customLong("skip-method"),
            help: "Leave out the method with this label, as the table prints it (cma-chunk-resume); repeatable.")
    var labels: [String] = []

    /// Every label must name one of `known`, and at least one of `known`
    /// must stay.
    func validate(against known: [String]) throws {
        for label in labels where !known.contains(label) {
            throw ValidationError("--skip-method \(label): no such method; the methods are "
                                  + known.joined(separator: ", "))
        }
        guard known.contains(where: { !labels.contains($0) }) else {
            throw ValidationError("--skip-method leaves no method to run")
        }
    }

    func keeps(_ request: AllocRequest) -> Bool { !labels.contains(request.label) }
}
