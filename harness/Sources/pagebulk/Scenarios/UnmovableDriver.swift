import PagebulkKit
import PagebulkReport

/// The driver: units of order-0 pages, each one handle of the control
/// file every call is given (the same one throughout).
struct UnmovableDriver {
    let method: AllocMethod
    let unitPages: UInt64
    /// Handles per unit: the method's, and a top-up handle when it fell short.
    private(set) var units: [[UInt64]] = []
    private(set) var heldPages: UInt64 = 0
    private var allocated: UInt64 = 0
    private var allocNs: UInt64 = 0
    private var topUp: UInt64 = 0
    /// The first count from the module that contradicts the driver's own.
    private var inconsistency: String?

    init(method: AllocMethod, unitPages: UInt64) {
        self.method = method
        self.unitPages = unitPages
    }

    mutating func fill(to count: Int, _ control: borrowing ControlFile) throws {
        while units.count < count { units.append(try allocateUnit(control)) }
    }

    /// Free `percent` of the units, chosen by `rng`, then allocate as many.
    mutating func churn(percent: Int, using rng: inout SplitMix64, _ control: borrowing ControlFile) throws {
        let count = units.count
        var victims = Array(0..<count)
        victims.shuffle(using: &rng)
        for index in victims.prefix(count * percent / 100).sorted(by: >) {
            free(units.remove(at: index), control)
        }
        try fill(to: count, control)
        try checkCounts()
    }

    /// Fail once the module has reported a count the driver cannot have.
    func checkCounts() throws(HarnessError) {
        if let inconsistency { throw .inconsistentCounts(inconsistency) }
    }

    private mutating func allocateUnit(_ control: borrowing ControlFile) throws -> [UInt64] {
        let r = try control.alloc(AllocRequest(method: method, order: 0, count: unitPages))
        var handles = r.handle != 0 ? [r.handle] : []
        var got = r.obtained
        allocNs = allocNs.saturatingAdd(r.elapsedNs)
        if got < unitPages {
            let rest = try control.alloc(AllocRequest(method: .allocPages, order: 0, count: unitPages - got))
            if rest.handle != 0 { handles.append(rest.handle) }
            allocNs = allocNs.saturatingAdd(rest.elapsedNs)
            topUp = topUp.saturatingAdd(rest.obtained)
            got = got.saturatingAdd(rest.obtained)
        }
        if got > unitPages && inconsistency == nil {
            inconsistency = "asked for \(unitPages) pages, obtained \(got)"
        }
        allocated = allocated.saturatingAdd(got)
        heldPages = heldPages.saturatingAdd(got)
        return handles
    }

    private mutating func free(_ handles: [UInt64], _ control: borrowing ControlFile) {
        for h in handles {
            guard let f = try? control.free(handle: h) else { continue }
            if f.freed > heldPages && inconsistency == nil {
                inconsistency = "handle \(h) freed \(f.freed) pages while the driver held \(heldPages)"
            }
            heldPages -= min(f.freed, heldPages)
        }
    }

    mutating func releaseAll(_ control: borrowing ControlFile) {
        for unit in units { free(unit, control) }
        units = []
    }

    func summary(rounds: Int) -> FragmentationDocument.Driver {
        .init(method: method, heldPages: heldPages, allocatedPages: allocated, allocNs: allocNs,
              topUpPages: topUp, rounds: rounds)
    }
}
