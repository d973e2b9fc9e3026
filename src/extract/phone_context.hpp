#pragma once
// What the words around a number say about it. Portuguese public pages are full of numbers
// a phone matcher cannot tell from a phone (tax ids after "NIF"/"NIPC", IBANs and NIBs,
// Multibanco payment boxes, process and request numbers, amounts, dates, postal codes, laws),
// and a number labelled "Fax" is not a line to call.

#include <string>
#include <string_view>

namespace freshcheck::extract {

// What a label says about the number it names.
enum class NumberLabel {
  none,       // no label
  phone,      // "Tel.", "Telefone", "Linha", ...; also "Tel./Fax": one number that is both
  fax,        // "Fax", "Telefax", "F:"
  not_phone,  // "NIF", "Referência", "Processo", ...
  other,      // names something else ("E-mail", "Morada"): what came before no longer applies
};

// A table column's header or a definition list's term: "Telefone" and "Contacto" are
// phone, "Fax" and "N.º de fax" are fax, "Telefone / Fax" is phone (it can be called),
// "NIF", "Número de contribuinte", "Referência" and "Processo" are not_phone.
NumberLabel classify_header(std::string_view header);

// The label nearest before a number: `before` is the text since the previous number (or
// the start of the number's cell or block). Returns none when it holds no label.
NumberLabel label_before(std::string_view before);

// A label right after a number, in brackets: "217 115 009 (fax)".
NumberLabel label_after(std::string_view after);

// A Portuguese tax number (NIF/NIPC): 9 digits, the first 1, 2, 3, 5, 6 or 9, and a valid
// mod-11 check digit. Separators are ignored.
bool is_valid_nif(std::string_view number);

// Copies `text` with the digits of each span that is known not to be a phone number
// blanked out, byte for byte, so that offsets still line up: a number that a label such as
// "NIF", "IBAN", "N.º de conta", "Referência" or "Processo n.º" names, even with a few words
// between ("NIF da entidade: ..."), but never past a word that names a line to call
// ("Tel.", "Linha", "ligue"), a sentence end or a second cell; after a tax label, any
// further valid NIF in the same stretch; IBANs, amounts, dates, postal codes, laws.
std::string mask_non_phone_numbers(std::string_view text);

// Blanks the digits of text[begin, end) in `masked` (as mask_non_phone_numbers does).
void mask_digits(std::string& masked, std::size_t begin, std::size_t end);

}  // namespace freshcheck::extract
