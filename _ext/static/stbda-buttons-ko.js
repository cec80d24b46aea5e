/* STBDA Book: Korean messages for sphinx-copybutton and sphinx-togglebutton.
   copybutton.js picks its messages by <html lang> from its table `messages` and
   `locale`, which has no Korean; togglebutton.js writes one English accessible
   name on its buttons. This file is loaded on the Korean edition only (by
   _ext/stbda_site.py), after both. It adds the Korean entry to copybutton's
   table, which its click messages read later, and, because it is
   deferred so the buttons may already exist when it runs,
   gives the existing buttons their Korean words too. */
(function () {
  if (document.documentElement.lang !== "ko") return;
  var copy = {
    "copy": "복사",
    "copy_to_clipboard": "클립보드에 복사",
    "copy_success": "복사했습니다!",
    "copy_failure": "복사하지 못했습니다",
  };
  if (typeof messages === "object" && typeof locale === "string") {
    messages["ko"] = copy;
    locale = "ko";
  }
  function korean() {
    document.querySelectorAll("button.copybtn").forEach(function (button) {
      button.setAttribute("data-tooltip", copy.copy);
      button.setAttribute("aria-label", copy.copy_to_clipboard);
    });
    document.querySelectorAll('button.toggle-button[aria-label="Toggle hidden content"]').forEach(function (button) {
      button.setAttribute("aria-label", "숨긴 내용 열고 닫기");
    });
  }
  korean();  // buttons made before this script ran
  // and those togglebutton.js makes on DOMContentLoaded, which fires after deferred scripts run
  document.addEventListener("DOMContentLoaded", korean);
})();
