/* STBDA Book: Korean messages for sphinx-copybutton.
   copybutton.js picks its messages by <html lang> from its table `messages` and
   `locale`, which has no Korean; this file (loaded right after it on the Korean
   edition only, by _ext/stbda_site.py) adds the Korean entry before the buttons
   are made (copybutton makes them when the DOM is loaded). */
if (typeof messages === "object" && typeof locale === "string") {
  messages["ko"] = {
    "copy": "복사",
    "copy_to_clipboard": "클립보드에 복사",
    "copy_success": "복사했습니다!",
    "copy_failure": "복사하지 못했습니다",
  };
  if (document.documentElement.lang === "ko") locale = "ko";
}
