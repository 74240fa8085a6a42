#if canImport(Glibc)
import Glibc
#endif
import PagebulkKit
import Testing

/// `TextFile.exists` asks stat(2), not open(2): a file the caller may not
/// read still exists, and only "no such entry" means missing.
///
/// The EACCES case itself (a file under a directory of mode 000) cannot
/// be tested here: the tests run as root, and root's CAP_DAC_OVERRIDE
/// and CAP_DAC_READ_SEARCH pass every permission check, so stat succeeds.
/// What is tested is each branch stat can take for root: found, ENOENT,
/// ENOTDIR (a missing answer), and an errno that is neither (ELOOP), which
/// must be an error as EACCES is.
@Suite struct TextFileTests {
    let dir = "/tmp/pagebulk-textfile-\(getpid())"

    @Test func aRegularFileExists() throws {
        let path = dir + "-regular"
        try TextFile.write("x\n", to: path)
        defer { unlink(path) }
        #expect(try TextFile.exists(path))
    }

    /// Mode 000: open(O_RDONLY) would fail for anyone but root; stat does not care.
    @Test func anUnreadableFileExists() throws {
        let path = dir + "-unreadable"
        try TextFile.write("x\n", to: path)
        defer { unlink(path) }
        chmod(path, 0)
        #expect(try TextFile.exists(path))
    }

    @Test func aMissingPathDoesNotExist() throws {
        #expect(try !TextFile.exists(dir + "-nonexistent/control"))
        #expect(try !TextFile.exists(dir + "-nonexistent"))
    }

    /// A path through a regular file: ENOTDIR, which is missing too.
    @Test func aPathUnderARegularFileDoesNotExist() throws {
        let path = dir + "-file"
        try TextFile.write("x\n", to: path)
        defer { unlink(path) }
        #expect(try !TextFile.exists(path + "/control"))
    }

    /// A symlink loop gives ELOOP: neither there nor missing, so an error,
    /// the way EACCES is for a caller without search permission.
    @Test func anotherErrnoIsAnErrorNotMissing() throws {
        let path = dir + "-loop"
        unlink(path)
        #expect(symlink(path, path) == 0)
        defer { unlink(path) }
        #expect(throws: PagebulkError.system(call: "stat", path: path, errno: .tooManySymbolicLinkLevels)) {
            _ = try TextFile.exists(path)
        }
    }
}
