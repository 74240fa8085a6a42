import ArgumentParser
import PagebulkKit

extension HeapVariant: ExpressibleByArgument {}

/// What each call of the dmaheap scenario asks for, and of which heaps.
struct HeapOptions: ParsableArguments {
    @Option(help: "MiB per call (at least 1).") var sizeMib: UInt64 = 300

    @Option(parsing: .upToNextOption, help: "Heaps to compare; chunk-fast is the chunk heap with normal_fallback=N.")
    var heaps: [HeapVariant] = HeapVariant.allCases

    @Option(help: "The default CMA area: the reserved heap's and the chunk heap's pages, and the census's range.")
    var cma: String = "reserved"

    /// Far beyond any guest; keeps MiB-to-bytes from overflowing.
    static let maxSizeMib: UInt64 = 1 << 20

    func validate() throws {
        guard (1...Self.maxSizeMib).contains(sizeMib) else {
            throw ValidationError("--size-mib must be 1 to \(Self.maxSizeMib), not \(sizeMib)")
        }
        guard !heaps.isEmpty else { throw ValidationError("--heaps needs at least one heap") }
        guard Set(heaps).count == heaps.count else { throw ValidationError("--heaps names a heap twice") }
    }
}
