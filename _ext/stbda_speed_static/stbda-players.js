/* STBDA Book: start matplotlib's jshtml animation players when they are needed.
 *
 * On the site, _ext/stbda_speed.py stores each player's frames as image files and
 * keeps the player's own start-up script inert (<script type="text/x-stbda-player">),
 * so a page does not download its animations before its text. This script runs that
 * start-up script when the player comes near the screen, or at once when the reader
 * uses a control first (the call is then replayed on the started player).
 */
(function () {
  "use strict";

  function startPlayer(block) {
    if (block.dataset.started) return;
    block.dataset.started = "true";
    var script = document.createElement("script");
    script.text = block.text; // sets the frames, then creates anim<ID> after a 0 ms timeout
    block.after(script);
  }

  /* Until the player starts, anim<ID> answers every call by starting it and
     replaying the call once the real player exists (created after a 0 ms timeout). */
  function placeholder(name, block) {
    var self = new Proxy({}, {
      get: function (target, method) {
        return function () {
          var args = arguments;
          startPlayer(block);
          setTimeout(function () {
            var player = window[name];
            if (player && player !== self && typeof player[method] === "function") {
              player[method].apply(player, args);
            }
          }, 0);
        };
      },
    });
    return self;
  }

  function init() {
    var blocks = document.querySelectorAll('script[type="text/x-stbda-player"]');
    var observer = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          startPlayer(entry.target.stbdaPlayerBlock);
        }
      });
    }, { rootMargin: "300px 0px" }) : null;
    blocks.forEach(function (block) {
      var id = block.dataset.stbdaPlayer;
      var name = "anim" + id;
      if (!(name in window)) window[name] = placeholder(name, block);
      var image = document.getElementById("_anim_img" + id);
      var player = image ? image.closest(".animation") || image : null;
      if (observer && player) {
        player.stbdaPlayerBlock = block;
        observer.observe(player);
      } else {
        startPlayer(block);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
