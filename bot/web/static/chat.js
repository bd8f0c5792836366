// Mount rasa-webchat (served from this site) in the page, talking to Rasa's socketio channel.
// The conversation lives in localStorage, so it survives a reload; the first visit greets.
(function () {
  "use strict";
  var element = document.getElementById("webchat");
  var config = element.dataset;
  window.WebChat.default({
    socketUrl: config.socketUrl,
    socketPath: "/socket.io/",
    customData: { language: "en" },
    initPayload: "/greet",
    title: config.title,
    subtitle: config.subtitle,
    inputTextFieldHint: config.inputHint,
    embedded: true,
    showFullScreenButton: false,
    showMessageDate: false,
    displayUnreadCount: false,
    params: { storage: "local" },
    // A short, length-aware pause shows the typing indicator before each reply.
    customMessageDelay: function (message) {
      return Math.min(400 + (message || "").length * 8, 1600);
    }
  }, element);
})();
