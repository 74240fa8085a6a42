/// Who freed each handle that the race's ALLOCs got on the shared control
/// file. Handles belong to the open file, not to the thread that asked, so
/// the race's thief can FREE a handle another thread was just given: a
/// handle then ends either with its owner's FREE or with the thief's (its
/// owner meets ENOENT and counts it stolen). Exactly one of the two, with
/// every piece the ALLOC obtained; a handle freed twice, freed short, or
/// freed by nobody is the module's bug, and so is a handle that vanished
/// with neither FREE.
struct SharedHandleLedger: Sendable, Equatable {
    /// What one ALLOC on the shared file obtained.
    struct Allocation: Sendable, Equatable {
        var pieces: UInt64
        var order: UInt32
    }

    private(set) var allocated: [UInt64: Allocation] = [:]
    /// Pieces FREE said it freed, by handle.
    private(set) var ownerFreed: [UInt64: UInt64] = [:]
    private(set) var thiefFreed: [UInt64: UInt64] = [:]
    /// Handles whose owner met ENOENT on its VERIFY or FREE.
    private(set) var stolen: Set<UInt64> = []
    /// One id recorded twice as the same event: an id handed out twice,
    /// or FREE succeeding twice on one id.
    private(set) var repeats = Surprises()

    mutating func recordAllocation(_ id: UInt64, pieces: UInt64, order: UInt32) {
        if allocated[id] != nil { repeats.add("ALLOC returned handle \(id) twice") }
        allocated[id] = Allocation(pieces: pieces, order: order)
    }

    mutating func recordOwnerFree(_ id: UInt64, pieces: UInt64) {
        if ownerFreed[id] != nil { repeats.add("the owners' FREE of handle \(id) succeeded twice") }
        ownerFreed[id] = pieces
    }

    mutating func recordThiefFree(_ id: UInt64, pieces: UInt64) {
        if thiefFreed[id] != nil { repeats.add("the thief's FREE of handle \(id) succeeded twice") }
        thiefFreed[id] = pieces
    }

    mutating func recordStolen(_ id: UInt64) {
        stolen.insert(id)
    }

    /// Another thread's records; an id both recorded as the same event is
    /// a repeat, as within one thread.
    mutating func merge(_ other: SharedHandleLedger) {
        for (id, a) in other.allocated { recordAllocation(id, pieces: a.pieces, order: a.order) }
        for (id, pieces) in other.ownerFreed { recordOwnerFree(id, pieces: pieces) }
        for (id, pieces) in other.thiefFreed { recordThiefFree(id, pieces: pieces) }
        stolen.formUnion(other.stolen)
        repeats.add(other.repeats)
    }

    /// Totals of the shared file's handles, and every handle whose end does
    /// not add up. Ids in ascending order, so a run's messages are stable.
    struct Reconciliation: Codable, Sendable, Equatable {
        /// Handles ALLOC returned on the shared file, and their base pages.
        var handles = 0
        var pages: UInt64 = 0
        var ownerFrees = 0
        var ownerPages: UInt64 = 0
        /// Handles whose owner met ENOENT.
        var stolen = 0
        var thiefFrees = 0
        var thiefPages: UInt64 = 0
        var problems = Surprises()

        var summary: String {
            "shared file: \(handles) handles, \(pages) pages = \(ownerPages) freed by their owners "
                + "(\(ownerFrees) FREEs) + \(thiefPages) by the thief (\(thiefFrees) FREEs); "
                + "owners found \(stolen) handles stolen"
        }
    }

    func reconcile() -> Reconciliation {
        var r = Reconciliation()
        r.problems.add(repeats)
        r.stolen = stolen.count
        for id in allocated.keys.sorted() {
            guard let a = allocated[id] else { continue }
            r.handles += 1
            r.pages = r.pages.saturatingAdd(a.pieces.basePages(order: a.order))
            let owner = ownerFreed[id], thief = thiefFreed[id], wasStolen = stolen.contains(id)
            if let owner {
                r.ownerFrees += 1
                r.ownerPages = r.ownerPages.saturatingAdd(owner.basePages(order: a.order))
            }
            if let thief {
                r.thiefFrees += 1
                r.thiefPages = r.thiefPages.saturatingAdd(thief.basePages(order: a.order))
            }
            switch (owner, thief) {
            case let (owner?, thief?):
                r.problems.add("handle \(id) freed twice: by its owner (\(owner) pieces) and by the thief (\(thief))")
            case (nil, nil):
                r.problems.add(wasStolen
                    ? "handle \(id): its owner met ENOENT, but no FREE freed it"
                    : "handle \(id) (\(a.pieces) pieces) was never freed")
            case let (owner?, nil):
                if owner != a.pieces { r.problems.add("handle \(id): FREE freed \(owner) of \(a.pieces) pieces") }
                if wasStolen { r.problems.add("handle \(id): its owner met ENOENT and yet freed it") }
            case let (nil, thief?):
                if thief != a.pieces {
                    r.problems.add("handle \(id): the thief's FREE freed \(thief) of \(a.pieces) pieces")
                }
                if !wasStolen { r.problems.add("handle \(id): the thief freed it, its owner never noticed") }
            }
        }
        for id in thiefFreed.keys.sorted() where allocated[id] == nil {
            r.thiefFrees += 1
            r.problems.add("the thief freed handle \(id), which no ALLOC on the shared file returned")
        }
        for id in ownerFreed.keys.sorted() where allocated[id] == nil {
            r.problems.add("an owner freed handle \(id), which no ALLOC on the shared file returned")
        }
        for id in stolen.sorted() where allocated[id] == nil {
            r.problems.add("an owner counted handle \(id) stolen, which no ALLOC on the shared file returned")
        }
        if r.pages != r.ownerPages.saturatingAdd(r.thiefPages) {
            r.problems.add("pages do not balance: \(r.pages) allocated, \(r.ownerPages) freed by owners, "
                           + "\(r.thiefPages) by the thief")
        }
        return r
    }
}
