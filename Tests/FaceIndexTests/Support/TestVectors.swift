/// Vector distributions for the tests: uniform on the sphere, and face-like
/// (a shared mean direction plus identity clusters plus noise, so unrelated
/// vectors still have cosine ≈ 0.8, as s21 embeddings do).
enum TestVectors {
    static func unit(_ dimension: Int, using rng: inout SeededGenerator) -> [Float] {
        normalised((0..<dimension).map { _ in rng.gaussian() })
    }

    static func normalised(_ v: [Double]) -> [Float] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { Float($0 / norm) }
    }

    /// Face-like vectors: `identities` cluster centres around one direction.
    struct FaceLike {
        let dimension: Int
        let direction: [Double]
        let centres: [[Double]]

        init(dimension: Int, identities: Int, using rng: inout SeededGenerator) {
            self.dimension = dimension
            direction = TestVectors.unit(dimension, using: &rng).map(Double.init)
            centres = (0..<identities).map { _ in TestVectors.unit(dimension, using: &rng).map(Double.init) }
        }

        /// A vector of identity `identity`: cosine ≈ 0.76 to other identities, ≈ 0.91 within one.
        func sample(identity: Int, using rng: inout SeededGenerator) -> [Float] {
            TestVectors.normalised((0..<dimension).map { j in
                2.0 * direction[j] + 0.9 * centres[identity][j] + 0.06 * rng.gaussian()
            })
        }
    }
}
