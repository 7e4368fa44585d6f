import Foundation

/// Random stand-ins for enrolled faces: unit vectors and unique tokens.
///
/// libc's drand48 rather than the system generator: a million faces need
/// 256 million uniforms, and the system generator costs a syscall each.
struct RandomFaces {
    private var issuedTokens: UInt64 = 0

    /// Seeds the generator, so that every data directory of one size holds the same vectors.
    init(seed: Int) { srand48(seed) }

    /// A direction drawn uniformly from the unit sphere (normalised Gaussian components).
    func unitVector(dimension: Int) -> [Float] {
        var vector = (0..<dimension).map { _ in
            // Box–Muller: one standard normal from two uniforms, the first in (0, 1].
            let u = 1 - drand48(), v = drand48()
            return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in vector.indices { vector[i] /= norm }
        return vector
    }

    /// A new 32-hex-digit face token (a counter: unique within the data directory).
    mutating func token() -> String {
        issuedTokens += 1
        return String(format: "%032llx", issuedTokens)
    }
}
