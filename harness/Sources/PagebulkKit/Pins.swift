import CPagebulk

/// Where PIN puts its pins (uapi/pagebulk.h, enum pagebulk_pin_placement).
public enum PinPlacement: String, Codable, Sendable, CaseIterable {
    /// The centre of each of K equal segments of the area: the same pfns
    /// every time.
    case centres
    /// K positions drawn uniformly from the request's seed.
    case random
    /// K / 10 cluster centres drawn from the seed, the pins drawn within a
    /// few pageblocks of them.
    case clustered

    var raw: UInt32 {
        switch self {
        case .centres: UInt32(PAGEBULK_PIN_CENTRES.rawValue)
        case .random: UInt32(PAGEBULK_PIN_RANDOM.rawValue)
        case .clustered: UInt32(PAGEBULK_PIN_CLUSTERED.rawValue)
        }
    }
}

/// How long the module holds each pin: until PIN 0 or close, or a
/// duration drawn from the seed in `minMs...maxMs`, counted from the end of
/// the PIN call (transient pins, dropped by the module itself).
public struct PinHold: Codable, Sendable, Equatable, CustomStringConvertible {
    public var minMs: UInt32
    public var maxMs: UInt32

    /// Held until dropped: the module's 0/0.
    public static let untilDropped = PinHold(minMs: 0, maxMs: 0)

    public init(minMs: UInt32, maxMs: UInt32) {
        self.minMs = minMs
        self.maxMs = maxMs
    }

    public var isTransient: Bool { maxMs > 0 }

    public var description: String { isTransient ? "\(minMs)-\(maxMs) ms" : "until dropped" }
}

/// One PIN of `count` > 0 pages.
public struct PinRequest: Codable, Sendable, Equatable {
    public var cmaArea: Int
    public var count: UInt64
    public var placement: PinPlacement
    /// Draws positions (random, clustered) and hold durations.
    public var seed: UInt64
    /// Clustered: cluster centres (0: count / 10, at least 1) and how many
    /// pageblocks either side of one its pins may land (0: 2).
    public var clusters: UInt32
    public var clusterBlocks: UInt32
    public var hold: PinHold
    /// The order of the windows PIN counts in `PinResult.pinnedWindows`.
    public var windowOrder: UInt32

    public init(cmaArea: Int, count: UInt64, placement: PinPlacement = .centres, seed: UInt64 = 0,
                clusters: UInt32 = 0, clusterBlocks: UInt32 = 0, hold: PinHold = .untilDropped,
                windowOrder: UInt32 = 4) {
        self.cmaArea = cmaArea
        self.count = count
        self.placement = placement
        self.seed = seed
        self.clusters = clusters
        self.clusterBlocks = clusterBlocks
        self.hold = hold
        self.windowOrder = windowOrder
    }

    var raw: pagebulk_pin {
        var raw = pagebulk_pin()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        // Clamped: an index past Int32 is refused by the module, not wrapped to a valid one.
        raw.cma_area = Int32(clamping: cmaArea)
        raw.count = count
        raw.placement = placement.raw
        raw.seed = seed
        raw.clusters = clusters
        raw.cluster_blocks = clusterBlocks
        raw.hold_min_ms = hold.minMs
        raw.hold_max_ms = hold.maxMs
        raw.window_order = windowOrder
        return raw
    }
}

/// What PIN placed, and what the file and the module hold now.
public struct PinResult: Codable, Sendable, Equatable {
    /// Pins placed by this PIN; after PIN 0 or a query, pins held now.
    public var pinned: UInt64
    /// Pins that are pages taken out of the area (no in-use page was near).
    public var taken: UInt64
    public var pinnedBlocks: UInt64
    /// Distinct windows of 1 << `PinRequest.windowOrder` pages holding one.
    public var pinnedWindows: UInt64
    /// This file's pins not yet dropped, and those its timers dropped
    /// since the PIN that placed them (0 again after PIN 0).
    public var held: UInt64
    public var expired: UInt64
    /// Pins held by every open file of the module.
    public var heldAll: UInt64

    public init(pinned: UInt64, taken: UInt64, pinnedBlocks: UInt64, pinnedWindows: UInt64 = 0,
                held: UInt64 = 0, expired: UInt64 = 0, heldAll: UInt64 = 0) {
        self.pinned = pinned
        self.taken = taken
        self.pinnedBlocks = pinnedBlocks
        self.pinnedWindows = pinnedWindows
        self.held = held
        self.expired = expired
        self.heldAll = heldAll
    }

    init(_ raw: pagebulk_pin) {
        self.init(pinned: raw.nr_pinned, taken: raw.nr_taken, pinnedBlocks: raw.pinned_blocks,
                  pinnedWindows: raw.pinned_windows, held: raw.nr_held, expired: raw.nr_expired,
                  heldAll: raw.held_all)
    }

    /// Pins that hold an in-use page's extra reference.
    public var extraReferences: UInt64 { pinned >= taken ? pinned - taken : 0 }
}

/// One position of a PIN: the pfn aimed at and the pfn pinned there, nil
/// when nothing could be pinned.
public struct PinPosition: Codable, Sendable, Equatable {
    public var target: UInt64
    public var pinned: UInt64?

    public init(target: UInt64, pinned: UInt64?) {
        self.target = target
        self.pinned = pinned
    }
}

/// A PIN's answer with every position.
public struct PinPlacementResult: Sendable, Equatable {
    public var result: PinResult
    public var positions: [PinPosition]

    public init(result: PinResult, positions: [PinPosition]) {
        self.result = result
        self.positions = positions
    }

    /// The pfns pinned, in request order.
    public var pinnedPFNs: [UInt64] { positions.compactMap(\.pinned) }
}

extension ControlRequests where Self: ~Copyable {
    /// PIN as `request` says, with its positions.
    public func pin(_ request: PinRequest) throws(PagebulkError) -> PinPlacementResult {
        var raw = request.raw
        guard request.count > 0 else {
            try ioctl(.pin, &raw)
            return PinPlacementResult(result: PinResult(raw), positions: [])
        }
        // The module refuses counts past its maximum before writing any:
        // no buffer for those (a fuzzed count would cost 16 MiB a call).
        let capacity = Int(clamping: min(request.count, UInt64(PAGEBULK_PIN_MAX_COUNT)))
        var positions = [pagebulk_pin_position](repeating: pagebulk_pin_position(), count: capacity)
        try positions.withUnsafeMutableBufferPointer { (buffer) throws(PagebulkError) in
            raw.positions = request.count <= UInt64(capacity) ? UInt64(UInt(bitPattern: buffer.baseAddress)) : 0
            try ioctl(.pin, &raw)
        }
        let none = UInt64(PAGEBULK_PIN_NONE)
        return PinPlacementResult(
            result: PinResult(raw),
            positions: positions.map { PinPosition(target: $0.target_pfn, pinned: $0.pfn == none ? nil : $0.pfn) })
    }

    /// The file's and the module's pins now; changes nothing.
    public func pinQuery() throws(PagebulkError) -> PinResult {
        var raw = pagebulk_pin()
        raw.abi_version = UInt32(PAGEBULK_ABI_VERSION)
        raw.flags = UInt32(PAGEBULK_PIN_QUERY)
        try ioctl(.pin, &raw)
        return PinResult(raw)
    }
}

/// The groups of the pins scenario: the centres sweep over K, and K pins
/// at random, in clusters, and at random held for a while only.
public enum PinsGroup: String, Codable, Sendable, CaseIterable {
    case centres, random, clustered, transient

    /// Where the group's pins go.
    public var placement: PinPlacement {
        switch self {
        case .centres: .centres
        case .random, .transient: .random
        case .clustered: .clustered
        }
    }
}
