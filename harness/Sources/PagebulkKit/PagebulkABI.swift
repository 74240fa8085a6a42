import CPagebulk

/// The uapi/pagebulk.h facts the harness was built against.
public enum PagebulkABI {
    public static let version = UInt32(PAGEBULK_ABI_VERSION)
    public static let allocSize = MemoryLayout<pagebulk_alloc>.size
}
