import Foundation

// Design note: built by `make fuzz` with `-sanitize=fuzzer` and `-D FUZZING`,
// this is a libFuzzer target (libFuzzer supplies `main`; FACE_FUZZ_TARGET
// names the parser). Built plainly (as `swift test` builds every target), it
// is a replayer: `FaceFuzz <target> <file>...` runs saved inputs, e.g. the
// crash files libFuzzer writes, through the same code.

#if FUZZING
private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["FACE_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        fatalError("set FACE_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    target.run(count == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(_ argc: UnsafeMutablePointer<CInt>,
                     _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                     _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

// SwiftPM links an executable's entry point as `<module>_main`, so the
// libFuzzer driver is started from there rather than from libFuzzer's `main`.
@_cdecl("FaceFuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzzOneInput(data, size) }
}
#else
@main
enum Replay {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: FaceFuzz <\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))> <input file>...")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                exit(1)
            }
            target.run([UInt8](data))
            print("ok \(path)")
        }
    }
}
#endif
