// A minimal single-pass JSON scanner (no document tree) for the collector's upload decoder; internal to sync/.
#pragma once

#include <charconv>
#include <cstddef>
#include <string>
#include <string_view>

namespace floorsync::json_scan {

// Length of the valid UTF-8 sequence at text[pos], or 0 if the bytes there are not valid UTF-8.
inline std::size_t utf8_sequence_length(const char* text, std::size_t size, std::size_t pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    if (lead < 0x80) return 1;
    std::size_t length;
    unsigned char low = 0x80, high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // overlong
        if (lead == 0xED) high = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // overlong
        if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
    } else {
        return 0;
    }
    if (pos + length > size) return 0;
    if (byte(pos + 1) < low || byte(pos + 1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(pos + i) < 0x80 || byte(pos + i) > 0xBF) return 0;
    }
    return length;
}

// A problem with the whole body: becomes ProtocolError (400).
struct SyntaxError {
    std::string message;
};

enum class Kind { object, array, string, number, boolean, null };

inline const char* kind_name(Kind kind) {
    switch (kind) {
        case Kind::object: return "object";
        case Kind::array: return "array";
        case Kind::string: return "string";
        case Kind::number: return "number";
        case Kind::boolean: return "boolean";
        case Kind::null: return "null";
    }
    return "value";
}

constexpr int kMaxDepth = 32;

class Scanner {
public:
    explicit Scanner(std::string_view text) : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}

    [[noreturn]] void fail(const std::string& what) const {
        throw SyntaxError{"upload body is not valid JSON: " + what + " at byte " + std::to_string(p_ - begin_)};
    }

    void skip_space() {
        while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
    }
    bool at_end() {
        skip_space();
        return p_ == end_;
    }
    char peek() {
        skip_space();
        if (p_ == end_) fail("unexpected end");
        return *p_;
    }
    void expect(char c) {
        if (peek() != c) fail(std::string("expected '") + c + "'");
        ++p_;
    }
    bool consume(char c) {
        if (peek() != c) return false;
        ++p_;
        return true;
    }
    const char* position() const { return p_; }

    Kind kind_ahead() {
        switch (peek()) {
            case '{': return Kind::object;
            case '[': return Kind::array;
            case '"': return Kind::string;
            case 't': case 'f': return Kind::boolean;
            case 'n': return Kind::null;
            default: return Kind::number;
        }
    }

    // Reads a string into `out` (decoded). Invalid UTF-8 or a lone surrogate escape sets `bad_text` and goes on.
    void string(std::string& out, bool& bad_text) {
        expect('"');
        out.clear();
        while (true) {
            const char* run = p_;
            while (p_ < end_ && *p_ != '"' && *p_ != '\\' && static_cast<unsigned char>(*p_) >= 0x20 &&
                   static_cast<unsigned char>(*p_) < 0x80)
                ++p_;
            out.append(run, p_);
            if (p_ == end_) fail("unterminated string");
            const auto c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                ++p_;
                return;
            }
            if (c < 0x20) fail("control character in a string");
            if (c >= 0x80) {
                const std::size_t length = utf8_sequence_length(begin_, end_ - begin_, p_ - begin_);
                if (length == 0) {
                    bad_text = true;
                    ++p_;
                } else {
                    out.append(p_, length);
                    p_ += length;
                }
                continue;
            }
            escape(out, bad_text);
        }
    }

    // Checks the grammar of any value and moves past it. `bad_text` as for string().
    void skip(bool& bad_text, int depth) {
        if (depth > kMaxDepth) fail("nested too deeply");
        std::string scratch;
        switch (kind_ahead()) {
            case Kind::object:
                ++p_;
                if (consume('}')) return;
                do {
                    string(scratch, bad_text);
                    expect(':');
                    skip(bad_text, depth + 1);
                } while (consume(','));
                expect('}');
                return;
            case Kind::array:
                ++p_;
                if (consume(']')) return;
                do skip(bad_text, depth + 1);
                while (consume(','));
                expect(']');
                return;
            case Kind::string: string(scratch, bad_text); return;
            case Kind::number: number(); return;
            case Kind::boolean: literal(*p_ == 't' ? "true" : "false"); return;
            case Kind::null: literal("null"); return;
        }
    }

    // Returns the number's text after checking the JSON number grammar.
    std::string_view number() {
        skip_space();
        const char* start = p_;
        if (p_ < end_ && *p_ == '-') ++p_;
        if (p_ < end_ && *p_ == '0') {
            ++p_;
        } else if (!digits()) {
            fail("invalid value");
        }
        if (p_ < end_ && *p_ == '.') {
            ++p_;
            if (!digits()) fail("invalid number");
        }
        if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
            ++p_;
            if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
            if (!digits()) fail("invalid number");
        }
        return std::string_view(start, p_ - start);
    }

private:
    const char* begin_;
    const char* p_;
    const char* end_;

    bool digits() {
        const char* start = p_;
        while (p_ < end_ && *p_ >= '0' && *p_ <= '9') ++p_;
        return p_ != start;
    }

    void literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
            fail("invalid literal");
        p_ += word.size();
    }

    unsigned hex4() {
        if (end_ - p_ < 4) fail("short \\u escape");
        unsigned value = 0;
        const auto [next, error] = std::from_chars(p_, p_ + 4, value, 16);
        if (error != std::errc() || next != p_ + 4) fail("invalid \\u escape");
        p_ += 4;
        return value;
    }

    void escape(std::string& out, bool& bad_text) {
        ++p_;  // the backslash
        if (p_ == end_) fail("unterminated string");
        const char c = *p_++;
        switch (c) {
            case '"': out += '"'; return;
            case '\\': out += '\\'; return;
            case '/': out += '/'; return;
            case 'b': out += '\b'; return;
            case 'f': out += '\f'; return;
            case 'n': out += '\n'; return;
            case 'r': out += '\r'; return;
            case 't': out += '\t'; return;
            case 'u': break;
            default: fail("invalid escape");
        }
        unsigned code = hex4();
        if (code >= 0xD800 && code <= 0xDBFF) {
            if (end_ - p_ >= 6 && p_[0] == '\\' && p_[1] == 'u') {
                p_ += 2;
                const unsigned low = hex4();
                if (low < 0xDC00 || low > 0xDFFF) {
                    bad_text = true;
                    return;
                }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            } else {
                bad_text = true;
                return;
            }
        } else if (code >= 0xDC00 && code <= 0xDFFF) {
            bad_text = true;
            return;
        }
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }
};

}  // namespace floorsync::json_scan
