import Foundation

/// Splits a migration file into single statements: PostgreSQL's extended
/// query protocol (all postgres-nio speaks) runs one statement per query.
///
/// A `;` ends a statement unless it is inside a quoted string or identifier,
/// a dollar-quoted body (`$$ … $$`, `$tag$ … $tag$`) or a comment.
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        let characters = Array(script)
        var statements: [String] = []
        var current = ""
        var index = 0
        func flush() {
            let trimmed = current.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { statements.append(trimmed) }
            current = ""
        }
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "-" && next == "-" {
                while index < characters.count && characters[index] != "\n" { index += 1 }
                continue
            }
            if character == "/" && next == "*" {
                index += 2
                while index + 1 < characters.count && !(characters[index] == "*" && characters[index + 1] == "/") { index += 1 }
                index += 2
                continue
            }
            if character == "'" || character == "\"" {
                let end = closing(character, in: characters, from: index + 1)
                current += String(characters[index..<end])
                index = end
                continue
            }
            if character == "$", let tag = dollarTag(in: characters, at: index) {
                let end = closing(tag: tag, in: characters, from: index + tag.count)
                current += String(characters[index..<end])
                index = end
                continue
            }
            if character == ";" {
                flush()
            } else {
                current.append(character)
            }
            index += 1
        }
        flush()
        return statements
    }

    /// The index just past the quote that closes one opened before `start` ('' and "" stay inside).
    private static func closing(_ quote: Character, in characters: [Character], from start: Int) -> Int {
        var index = start
        while index < characters.count {
            if characters[index] == quote {
                if index + 1 < characters.count && characters[index + 1] == quote { index += 2; continue }
                return index + 1
            }
            index += 1
        }
        return characters.count
    }

    /// `$tag$` starting at `index`, if one does.
    private static func dollarTag(in characters: [Character], at index: Int) -> [Character]? {
        var end = index + 1
        while end < characters.count && (characters[end].isLetter || characters[end].isNumber || characters[end] == "_") {
            end += 1
        }
        guard end < characters.count, characters[end] == "$" else { return nil }
        // $1 is a parameter, not a tag.
        if end > index + 1 && characters[index + 1].isNumber { return nil }
        return Array(characters[index...end])
    }

    /// The index just past the `tag` that closes a dollar-quoted body starting at `start`.
    private static func closing(tag: [Character], in characters: [Character], from start: Int) -> Int {
        var index = start
        while index + tag.count <= characters.count {
            if Array(characters[index..<index + tag.count]) == tag { return index + tag.count }
            index += 1
        }
        return characters.count
    }
}
