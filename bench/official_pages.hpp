#pragma once
// Official-style pages the benchmarks write themselves: navigation, sections of paragraphs
// with links, fee tables, a #contactos block with phones, hours and an e-mail, a footer;
// about the size asked for, fixed by the seed.

#include <random>
#include <string>
#include <vector>

namespace freshcheck::bench {

inline const std::vector<std::string> k_words = {
    "atendimento", "residência", "autorização", "pedido",    "documentos", "prazo",
    "cidadão",     "serviço",    "agendamento", "renovação", "título",     "estrangeiros",
    "balcão",      "consulta",   "formulário",  "certidão",  "informação", "apoio"};

inline std::string words(std::mt19937& random, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i > 0) out += ' ';
    if (i % 15 == 0)
      out += "<a href=\"/pt/servicos/" + std::to_string(random() % 100000) + "\">" +
             k_words[random() % k_words.size()] + "</a>";
    else
      out += k_words[random() % k_words.size()];
  }
  return out;
}

// The #contactos block; `main_number` is written "217 115 000" after "(+351)".
inline std::string contacts(std::mt19937& random, const std::string& main_number) {
  const auto number = [&] { return std::to_string(210000000 + random() % 9999999); };
  return "<section class=\"contactos\" id=\"contactos\"><h2>Contactos</h2><div>"
         "<p>Telefone: (+351) " +
         main_number +
         "</p>"
         "<p>Linha de apoio: " +
         number() +
         " (chamada para a rede fixa)</p>"
         "<p>Horário: dias úteis, das 9h00 às 17h00</p>"
         "<p>Sábados, das 9h00 às 13h00</p>"
         "<p>E-mail: <a href=\"mailto:geral@exemplo.gov.pt\">geral@exemplo.gov.pt</a></p>"
         "<address>Avenida da República, 20, 1050-000 Lisboa</address></div></section>";
}

struct OfficialPage {
  std::string html;
  std::string main_number;  // as the page writes it: "217 115 000"
};

// Page `seed`, about `target_bytes` long. `edition` changes the main number only (the rest
// of the page stays byte for byte), as when a service moves to a new line.
inline OfficialPage official_page(unsigned seed, std::size_t target_bytes, unsigned edition = 0) {
  std::mt19937 random(seed);
  std::string main_number =
      std::to_string(210000000 + (seed * 7919u + edition * 104729u) % 9999999u);
  main_number.insert(3, " ").insert(7, " ");
  std::string out =
      "<!DOCTYPE html><html lang=\"pt-PT\"><head><meta charset=\"utf-8\"><title>Serviço " +
      std::to_string(seed) +
      "</title><style>.menu li{display:inline}</style><script>window.cfg={a:1};</script></head>"
      "<body><header><nav class=\"menu\"><ul>";
  for (int i = 0; i < 60; ++i)
    out += "<li><a href=\"/pt/" + std::to_string(random() % 1000) + "\">" +
           k_words[random() % k_words.size()] + "</a></li>";
  out += "</ul></nav></header><main id=\"conteudo\"><h1>Serviço</h1><article>";
  bool contacts_written = false;
  for (int section = 1; out.size() + 12000 < target_bytes; ++section) {
    out += "<section class=\"s" + std::to_string(section) + "\"><h2>" + words(random, 5) + "</h2>";
    for (int p = 0; p < 3; ++p) out += "<p>" + words(random, 60) + "</p>";
    if (section % 4 == 0) {
      out += "<table><thead><tr><th>Ato</th><th>Taxa</th><th>Prazo</th></tr></thead>";
      for (int row = 0; row < 8; ++row)
        out += "<tr><td>" + words(random, 3) + "</td><td>" + std::to_string(random() % 300) +
               ",00 €</td><td>" + std::to_string(random() % 60) + " dias</td></tr>";
      out += "</table>";
    }
    out += "</section>";
    if (!contacts_written && out.size() > target_bytes / 2) {
      out += contacts(random, main_number);
      contacts_written = true;
    }
  }
  out += "</article></main><footer><ul>";
  for (int i = 0; i < 80; ++i)
    out += "<li><a href=\"/pt/r/" + std::to_string(i) + "\">Ligação</a></li>";
  out += "</ul><p>Atualizado em 2026-01-01</p></footer></body></html>\n";
  return {out, main_number};
}

}  // namespace freshcheck::bench
