from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from districts import access
from districts.access import Capability, require_capability
from districts.form_errors import apply_errors, error_text
from surveys import selectors, services
from surveys.forms import QuestionForm, ResponseForm, SurveySendForm, SurveyTemplateForm
from surveys.models import Invitation, QuestionKind


@require_capability(Capability.MANAGE_PROGRAMME)
def template_list(request):
    templates = selectors.templates_for_list(user=request.user)
    return render(request, "surveys/template_list.html", {"templates": templates})


@require_capability(Capability.MANAGE_PROGRAMME)
def template_create(request):
    form = SurveyTemplateForm(request.POST if request.method == "POST" else None, initial={"is_active": False})
    if request.method == "POST" and form.is_valid():
        try:
            template = services.survey_template_create(
                organisation_id=access.scope_for(request.user).organisation_id, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Enkätmallen är skapad. Lägg nu till frågor."))
            return redirect("surveys:template_detail", pk=template.pk)
    return render(request, "surveys/template_form.html", {"form": form})


@require_capability(Capability.MANAGE_PROGRAMME)
def template_detail(request, pk: int):
    template = get_object_or_404(selectors.visible_templates(user=request.user), pk=pk)
    editable = selectors.template_is_editable(user=request.user, template=template)
    return render(
        request,
        "surveys/template_detail.html",
        {
            "template": template,
            "questions": selectors.template_with_questions(template=template),
            "editable": editable,
            "kinds": QuestionKind,
        },
    )


@require_capability(Capability.MANAGE_PROGRAMME)
def template_edit(request, pk: int):
    template = get_object_or_404(selectors.editable_templates(user=request.user), pk=pk)
    form = SurveyTemplateForm(request.POST if request.method == "POST" else None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_template_update(template=template, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Enkätmallen är sparad."))
            return redirect("surveys:template_detail", pk=template.pk)
    return render(request, "surveys/template_form.html", {"form": form, "template": template})


@require_POST
@require_capability(Capability.MANAGE_PROGRAMME)
def template_copy(request, pk: int):
    template = get_object_or_404(selectors.visible_templates(user=request.user), pk=pk)
    organisation_id = access.scope_for(request.user).organisation_id
    if organisation_id is None:
        raise Http404
    copy = services.survey_template_copy(template=template, organisation_id=organisation_id)
    messages.success(request, _("En kopia är skapad. Gör den aktiv när den är klar."))
    return redirect("surveys:template_detail", pk=copy.pk)


@require_capability(Capability.MANAGE_PROGRAMME)
def question_create(request, template_pk: int):
    template = get_object_or_404(selectors.editable_templates(user=request.user), pk=template_pk)
    return _question_form(request, template, None)


@require_capability(Capability.MANAGE_PROGRAMME)
def question_edit(request, pk: int):
    question = get_object_or_404(selectors.editable_questions(user=request.user), pk=pk)
    return _question_form(request, question.template, question)


def _question_form(request, template, question):
    form = QuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                template=template, question=question, choice_labels=form.choice_list(), **form.service_fields()
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Frågan är sparad."))
            return redirect("surveys:template_detail", pk=template.pk)
    return render(request, "surveys/question_form.html", {"form": form, "template": template, "question": question})


@require_POST
@require_capability(Capability.MANAGE_PROGRAMME)
def question_delete(request, pk: int):
    question = get_object_or_404(selectors.editable_questions(user=request.user), pk=pk)
    try:
        services.question_delete(question=question)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Frågan är borttagen."))
    return redirect("surveys:template_detail", pk=question.template_id)


@require_capability(Capability.MANAGE_PROGRAMME)
def survey_send(request):
    """Send a survey (typically the follow-up) to the participants of a held round."""
    scope = access.scope_for(request.user)
    form = SurveySendForm(
        request.POST if request.method == "POST" else None,
        rounds=selectors.held_rounds(user=request.user),
        templates=selectors.visible_templates(user=request.user),
        initial={"template": selectors.active_template_for(organisation_id=scope.organisation_id, purpose="follow_up")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_open(
                course_round=form.cleaned_data["course_round"], template=form.cleaned_data["template"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return render(request, "surveys/survey_send.html", {"form": form})
        messages.success(
            request,
            _("Enkäten är skickad till %(count)s deltagare. Den som inte svarar får en påminnelse.")
            % {"count": selectors.invitation_count(survey=survey)},
        )
        return redirect("surveys:template_list")
    return render(request, "surveys/survey_send.html", {"form": form})


@login_not_required
def answer(request, token: str):
    """Let a participant answer from the invitation link, once; the page never shows who they are."""
    invitation = selectors.invitation_for_token(token=token)
    if invitation is None:
        raise Http404
    survey = invitation.survey
    context = {"survey": survey, "course_round": survey.course_round}
    if invitation.answered_at is not None:
        return render(request, "surveys/answer_done.html", {**context, "already": True})
    questions = selectors.template_with_questions(template=survey.template)
    modules = selectors.modules_to_answer(survey=survey, questions=questions)
    form = ResponseForm(request.POST if request.method == "POST" else None, questions=questions, modules=modules)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(token=token, answers=form.answer_inputs())
        except services.AlreadyAnswered:
            return render(request, "surveys/answer_done.html", {**context, "already": True})
        except Invitation.DoesNotExist as error:
            raise Http404 from error
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "surveys/answer_done.html", {**context, "already": False})
    return render(request, "surveys/answer.html", {**context, "form": form})
