import PagebulkProc
import SystemPackage

/// Allocate from a heap, map and touch every page, read where the pages
/// lie, then unmap and close: one trial, the buffer never held longer.
public struct HeapTrialRunner {
    /// The CMA area the CMA-backed heaps draw from (the default area).
    public var area: ModuleInfo.CMAArea
    public var blockOrder: UInt32
    /// The chunk heap's order, when the kernel has the heap.
    public var chunkOrder: UInt32?
    public var chunkParameters: ChunkHeapParameters
    public var frames: BufferFrames

    public init(area: ModuleInfo.CMAArea, blockOrder: UInt32, chunkOrder: UInt32?,
                chunkParameters: ChunkHeapParameters = ChunkHeapParameters()) throws(PagebulkError) {
        self.area = area
        self.blockOrder = blockOrder
        self.chunkOrder = chunkOrder
        self.chunkParameters = chunkParameters
        frames = try BufferFrames(area: area)
    }

    /// One trial. Errors other than the allocation's own errno (which the
    /// record keeps) end the run: a heap that cannot be opened or mapped
    /// is not a result.
    public func run(_ control: borrowing ControlFile, _ heap: HeapVariant, length: UInt64,
                    trial: Int) throws -> HeapTrial {
        let range = CensusRange.cmaArea(area)
        let census = try control.census(range, blockOrder: blockOrder)
        let device = try DMAHeap.open(heap.deviceName)
        let usedBefore = try CMAUsage.used(area.name)
        let bitmapBefore = heap.usesCMA ? try frames.bitmap() : nil
        let vmBefore = try VMStat(parsing: TextFile.read("/proc/vmstat"))
        let outcome: Result<DMABuf, DMAHeapError>
        if let fallback = heap.normalFallback {
            outcome = try chunkParameters.withNormalFallback(fallback) { Self.allocate(device, length) }
        } else {
            outcome = Self.allocate(device, length)
        }
        let vmAfter = try VMStat(parsing: TextFile.read("/proc/vmstat"))
        switch consume outcome {
        case .failure(let error):
            guard case let .allocationFailed(_, _, errno, elapsed) = error else { throw error }
            var record = HeapTrial(heap: heap, trial: trial, length: length, allocNs: elapsed)
            record.errno = errno.rawValue
            record.vm = VMEventDelta(from: vmBefore, to: vmAfter)
            record.census = census
            if heap.usesCMA { record.failureCensus = try control.census(range, blockOrder: blockOrder) }
            record.cmaUsed = CMAUsedTrace(before: usedBefore, held: nil, after: try CMAUsage.used(area.name))
            return record
        case .success(let buffer):
            var record = HeapTrial(heap: heap, trial: trial, length: length, allocNs: buffer.allocationNs)
            record.vm = VMEventDelta(from: vmBefore, to: vmAfter)
            record.census = census
            record.sg = try control.dmabufLayout(fd: buffer.descriptor.rawValue)
            try use(buffer, heap: heap, into: &record, usedBefore: usedBefore, bitmapBefore: bitmapBefore)
            return record
        }
    }

    /// Result, not throws: a failed allocation is data.
    static func allocate(_ device: borrowing DMAHeap, _ length: UInt64) -> Result<DMABuf, DMAHeapError> {
        do { return .success(try device.allocate(length: length)) } catch { return .failure(error) }
    }

    /// Map, touch, read the layout, free; the timings and `used` go into `record`.
    private func use(_ buffer: consuming DMABuf, heap: HeapVariant, into record: inout HeapTrial,
                     usedBefore: UInt64, bitmapBefore: CMABitmap?) throws {
        let size = try buffer.size()
        record.size = size
        var started = MonotonicClock.nowNs()
        let mapping = try buffer.map(length: size)
        record.mapNs = MonotonicClock.since(started)
        started = MonotonicClock.nowNs()
        mapping.touch()
        record.touchNs = MonotonicClock.since(started)
        if let found = try frames.read(mapping, size: size, before: bitmapBefore) {
            record.layout = PhysicalLayout(frames: found.frames)
            record.layoutSource = found.source
            if heap.deviceName == "chunk", let order = chunkOrder {
                record.chunks = ChunkAlignment(frames: found.frames, order: order)
            }
        }
        let held = try CMAUsage.used(area.name)
        started = MonotonicClock.nowNs()
        mapping.unmap()
        buffer.close()
        record.freeNs = MonotonicClock.since(started)
        record.cmaUsed = CMAUsedTrace(before: usedBefore, held: held, after: try CMAUsage.used(area.name))
    }
}

extension MonotonicClock {
    /// Nanoseconds since `start`, 0 if the clock read earlier (it cannot).
    public static func since(_ start: UInt64) -> UInt64 {
        let (d, overflow) = nowNs().subtractingReportingOverflow(start)
        return overflow ? 0 : d
    }
}
